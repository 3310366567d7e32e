#!/usr/bin/python3
# Fits the float polynomials behind Hookbook's SIMD erf, GELU and GELU derivative
# (backend/cpu/VectorErf.java) and prints them as Java. Each function is evaluated in float
# lanes from three pieces:
#
#   erf near 0:  erf(x) = x + x R(x^2)                       |x| < 1   (R(0) = 2/sqrt(pi) - 1)
#   exp:         exp(r) = 1 + r + r^2 E(r)                   |r| <= ln(2)/2 (after r = -s - k ln 2)
#   erfcx:       exp(a^2) erfc(a) = G(t) v,  v = K / (a + K),  t = (a - K) / (a + K) = 1 - 2v,  a >= 0
#
# erfc(a) = exp(-a^2) G(t) v keeps its relative accuracy for every a (the lower tail of
# GELU needs it), and the variable t maps [0, inf) onto [-1, 1), where a polynomial is well
# conditioned in float; G(-1) = 1 (a = 0), so G's values there have an ulp as fine as erfc's.
# Fits are weighted least squares made near-minimax by reweighting (Lawson's iteration), against
# mpmath at 30 digits; then the coefficients are rounded to float one at a time from the constant
# term up, refitting the rest after each (so later terms absorb the rounding of earlier ones), and
# G is pinned so that its float evaluation at t = -1 is exactly 1 (see pin_g_at_zero). The script
# prints the worst relative error of each fit with float coefficients (evaluated exactly: the
# rounding of float arithmetic comes on top; VectorErfTest and VectorErfExhaustiveCheck measure
# the whole). The same Estrin grouping for G must be kept in VectorErf and in estrin_g below.
# Run: /usr/bin/python3 tools/erf/fit_erf_float.py   (needs numpy and mpmath)
import mpmath as mp
import numpy as np

mp.mp.dps = 30
K = 1.5          # erfcx's variable t = (a - K) / (a + K)
A_MAX = 11.5     # GELU clamps |x| at 16, so a = |x| / sqrt(2) <= 11.32
R_DEGREE, E_DEGREE, G_DEGREE = 6, 4, 11


def chebyshev_nodes(lo, hi, n):
    return (lo + hi) / 2 + (hi - lo) / 2 * np.cos(np.pi * (np.arange(n) + 0.5) / n)


def fit(xs, ys, scale, degree, iterations=40):
    """Coefficients (constant first) of p with p(x) ~ ys, minimising max |p(x) - y| / scale."""
    v = np.vander(xs, degree + 1, increasing=True)
    w = np.ones_like(xs)
    for _ in range(iterations):
        c = np.linalg.lstsq(v * (w / scale)[:, None], ys * w / scale, rcond=None)[0]
        err = np.abs(v @ c - ys) / scale
        w = w * np.sqrt(err / err.max()) + 1e-12
        w /= w.max()
    cf = c.copy()
    for j in range(degree + 1):
        cf[j] = np.float32(cf[j])
        if j < degree:
            rest = ys - v[:, :j + 1] @ cf[:j + 1]
            cf[j + 1:] = np.linalg.lstsq(v[:, j + 1:] / scale[:, None], rest / scale, rcond=None)[0]
    return [float(np.float32(x)) for x in cf], float(np.max(np.abs(v @ cf - ys) / scale))


def r_fit():
    # erf(x) = x (1 + R(x^2)); the error of x R relative to erf(x) is |x| |dR| / erf(x)
    x = chebyshev_nodes(0.0, 1.0, 800)
    w = x * x
    ys = np.array([float(mp.erf(mp.mpf(t)) / t - 1) for t in x])
    scale = np.array([float(mp.erf(mp.mpf(t)) / t) for t in x])
    return fit(w, ys, scale, R_DEGREE)


def e_fit():
    # exp(r) = 1 + r + r^2 E(r); the error of r^2 E relative to exp(r)
    half = float(mp.log(2)) / 2 * 1.01
    r = chebyshev_nodes(-half, half, 800)
    ys = np.array([float((mp.exp(mp.mpf(t)) - 1 - t) / (mp.mpf(t) ** 2)) for t in r])
    scale = np.array([float(mp.exp(mp.mpf(t)) / (mp.mpf(t) ** 2)) for t in r])
    return fit(r, ys, scale, E_DEGREE)


def g_fit():
    t = chebyshev_nodes(-1.0, (A_MAX - K) / (A_MAX + K), 1500)
    a = 2 * K / (1 - t) - K
    ys = np.array([float(mp.exp(mp.mpf(v) ** 2) * mp.erfc(mp.mpf(v)) * (mp.mpf(v) + K) / K) for v in a])
    return fit(t, ys, np.abs(ys), G_DEGREE)


def fma32(a, b, c):
    """A float fused multiply-add, through double: the product is exact there, and the sum's two
    roundings match one rounding but in rare ties."""
    return np.float32(np.float64(a) * np.float64(b) + np.float64(c))


def estrin_g(g, t):
    """G(t) in float as VectorErf evaluates it (Estrin's scheme)."""
    t = np.float32(t)
    t2 = np.float32(t * t)
    t4 = np.float32(t2 * t2)
    pairs = [fma32(t, g[i + 1], g[i]) for i in range(0, 12, 2)]
    g03 = fma32(pairs[1], t2, pairs[0])
    g47 = fma32(pairs[3], t2, pairs[2])
    g8b = fma32(pairs[5], t2, pairs[4])
    return fma32(g8b, np.float32(t4 * t4), fma32(g47, t4, g03))


def pin_g_at_zero(g):
    """Moves G's terms of degree 0 and 8 by some ulps until the float evaluation of G(-1) (a = 0)
    is exactly 1, so that erfc(0) = 1, GELU(x) = x / 2 for tiny x and GELU'(0) = 1/2 come out
    exact (rounded as fitted, G(-1) evaluated to 1 + 2^-23). Estrin's last step adds the
    degree-8 group, whose ulp is fine, to a sum near 1: moving both reaches 1. The smallest move
    that does; it changes G by about 3e-8 at t = -1 and by t^8 times that elsewhere."""
    g = [np.float32(c) for c in g]

    def moved(c, n):
        return np.float32(c + n * np.spacing(c))

    for size in range(0, 5000):
        for n0 in range(-2, 3):
            for n8 in sorted({-size, size}):
                h = list(g)
                h[0], h[8] = moved(g[0], n0), moved(g[8], n8)
                if estrin_g(h, -1.0) == 1:
                    return [float(c) for c in h]
    raise AssertionError("no small move pins G(-1) to 1")


def java(name, coeffs):
    return "static final float[] %s = {%s};" % (name, ", ".join(repr(np.float32(c)) + "f" for c in coeffs))


def pinned_g_fit():
    g, _ = g_fit()
    g = pin_g_at_zero(g)
    t = chebyshev_nodes(-1.0, (A_MAX - K) / (A_MAX + K), 1500)
    a = 2 * K / (1 - t) - K
    exact = np.array([float(mp.exp(mp.mpf(v) ** 2) * mp.erfc(mp.mpf(v)) * (mp.mpf(v) + K) / K) for v in a])
    return g, float(np.max(np.abs(np.polyval(g[::-1], t) / exact - 1)))


for name, (coeffs, err) in (("R", r_fit()), ("E", e_fit()), ("G", pinned_g_fit())):
    print("// %s: worst relative error %.2e with float coefficients" % (name, err))
    print(java(name, coeffs))

#!/usr/bin/python3
# Fits the polynomials behind Hookbook's CPU erf (backend/cpu/Erf.java) and prints them as Java.
#
#   |z| < 1:  erf(z)  = z * P(z^2)
#   |z| >= 1: erfc(z) = exp(-z^2) / z * Q(1/z)        (z > 0; Q(0) = 1/sqrt(pi))
#
# Least squares on Chebyshev nodes against mpmath at 50 digits, so the coefficients are as
# good as double evaluation allows; the script prints the worst relative error of each fit.
# Run: /usr/bin/python3 tools/erf/fit_erf.py   (needs numpy and mpmath)
import mpmath as mp
import numpy as np

mp.mp.dps = 50


def fit(f, lo, hi, degree, nodes=400):
    xs = [mp.mpf(lo) + (mp.mpf(hi) - lo) * (1 - mp.cos(mp.pi * (k + 0.5) / nodes)) / 2 for k in range(nodes)]
    A = mp.matrix(nodes, degree + 1)
    b = mp.matrix(nodes, 1)
    for i, x in enumerate(xs):
        fx = f(x)
        for j in range(degree + 1):
            A[i, j] = x ** j / fx  # relative error: divide each row by f(x)
        b[i] = 1
    c = mp.lu_solve(A.T * A, A.T * b)
    return [float(c[j]) for j in range(degree + 1)]


def worst(f, coeffs, lo, hi):
    w = 0.0
    for x in np.linspace(lo, hi, 20001):
        p = 0.0
        for c in reversed(coeffs):
            p = p * x + c
        w = max(w, abs(p / float(f(mp.mpf(x))) - 1))
    return w


def p_target(w):  # erf(z)/z as a function of w = z^2
    if w == 0:
        return 2 / mp.sqrt(mp.pi)
    z = mp.sqrt(w)
    return mp.erf(z) / z


def q_target(t):  # z e^{z^2} erfc(z) as a function of t = 1/z
    if t == 0:
        return 1 / mp.sqrt(mp.pi)
    z = 1 / t
    return z * mp.exp(z * z) * mp.erfc(z)


for name, f, degree in (("P", p_target, 8), ("Q", q_target, 14)):
    c = fit(f, 0, 1, degree)
    print("// %s: worst relative error %.2e" % (name, worst(f, c, 0, 1)))
    print("private static final double[] %s = {%s};" % (name, ", ".join(repr(v) for v in c)))

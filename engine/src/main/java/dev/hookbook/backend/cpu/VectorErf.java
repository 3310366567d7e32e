package dev.hookbook.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * erf, GELU and GELU's derivative in float lanes (8 a vector with AVX2), as PyTorch's own
 * vectorised kernels work, with every result within a stated distance of {@link Erf}'s
 * double-precision value rounded to float (every float checked, erf over [-8, 8] and the GELUs
 * over [-20, 20] by {@code VectorErfExhaustiveCheck}; {@code VectorErfTest} checks every 211th):
 * <ul>
 *   <li>erf: at most 1 ulp;</li>
 *   <li>GELU: at most {@value #GELU_ULPS} ulps, or 2 steps of the smallest subnormal where the
 *       result is below the normal floats (x below about -13.2);</li>
 *   <li>GELU's derivative: at most {@value #GELU_GRAD_ULPS} ulps, or 2^-23 absolute where the
 *       result is below 1/2 in magnitude: near its zero at x = -0.7518, where Phi(x) and
 *       x phi(x) cancel (x between -1.5 and -0.3; everywhere else within 5 ulps), and in the
 *       subnormals (2 steps).</li>
 * </ul>
 *
 * <p>Everything is built from three fits in float (coefficients from
 * {@code tools/erf/fit_erf_float.py}):
 * <ul>
 *   <li>{@code erf(x) = x + x R(x^2)} for {@code |x| < 1};</li>
 *   <li>{@code erfc(a) = exp(-a^2) G(t) v}, {@code v = K / (a + K)}, {@code t = 1 - 2v = (a - K) / (a + K)},
 *       for every {@code a >= 0}: a scaled complementary error function in a variable that maps
 *       [0, inf) onto [-1, 1), so it keeps its relative accuracy far into the tail;</li>
 *   <li>{@code exp(r)} on {@code |r| <= ln(2) / 2} after the usual reduction by multiples of ln 2.</li>
 * </ul>
 * The square in {@code exp(-a^2)} is carried exactly (its rounding error recovered with a fused
 * multiply-add and subtracted from the reduced argument): a rounded square alone would cost
 * up to a hundred ulps in the tail, where a^2 is near 100.
 *
 * <p>GELU is written {@code [x >= 0] x - |x| Phi(-|x|)}, with {@code Phi(-|x|) = erfc(|x| / sqrt 2) / 2}
 * from the fit directly: for negative x there is no {@code 1 + erf} to cancel, so the lower tail
 * keeps its relative accuracy down to the subnormals (PyTorch's own float GELU loses it there).
 * The derivative {@code Phi(x) + x phi(x)} shares the exponential: it is
 * {@code [x >= 0] + exp(-x^2 / 2) (x / sqrt(2 pi) -+ erfcx(|x| / sqrt 2) / 2)}.
 *
 * <p>A range's last, partial vector is evaluated through a padded copy, so each element's result
 * is the same float wherever it sits. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorErf {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** GELU's bound: ulps from {@link Erf#gelu}, where that is a normal float (2 subnormal steps below). */
    static final int GELU_ULPS = 7;
    /** GELU's derivative: ulps from {@link Erf#geluGrad}, or, where that is below 1/2 (near its zero), 2^-23 absolute. */
    static final int GELU_GRAD_ULPS = 6;
    static final float GELU_GRAD_ABSOLUTE_BELOW = 0.5f, GELU_GRAD_ABSOLUTE = 0x1p-23f;

    /** erf(x) / x - 1 as a polynomial in x^2, for |x| < 1. */
    static final float[] R = {0.12837917f, -0.3761263f, 0.112836175f, -0.026855066f, 0.005190576f, -0.0008029054f,
            7.91386e-05f};
    /** (exp(r) - 1 - r) / r^2, for |r| <= ln(2) / 2. */
    static final float[] E = {0.49999994f, 0.16666512f, 0.041668225f, 0.008369654f, 0.0013825825f};
    /**
     * exp(a^2) erfc(a) (a + K) / K as a polynomial in t = (a - K) / (a + K), a in [0, 11.5]; its float
     * evaluation at t = -1 is exactly 1 (erfc(0) = 1, GELU'(0) = 1/2).
     */
    static final float[] G = {0.64317083f, -0.33856666f, 0.050414566f, 0.031845387f, -0.0054141153f, -0.0063070864f,
            -0.0005330507f, 0.0011848698f, 0.0005671903f, -5.2868007e-05f, -0.00014457619f, -4.2780317e-05f};
    /**
     * The fit's centre. A smaller K needs a longer polynomial but amplifies the rounding of
     * K / (a + K) less near a = 0 (by K |erfcx'(0)| = 1.7 here): with K = 3 GELU was up to 7 ulps
     * off for small |x|.
     */
    static final float K = 1.5f;

    /** erf is 1 in float from |x| = 3.92 (erfc below half an ulp of 1); clamping keeps exp's argument small. */
    private static final float ERF_CLAMP = 6f;
    /** GELU's Phi(-|x|) is below the smallest subnormal's half from |x| = 15.6: exp(-x^2 / 2) is 0 from here. */
    private static final float GELU_CLAMP = 16f;

    private static final float LOG2E = 1.442695f;
    /** ln 2 in two parts: k * LN2_HI is exact (LN2_HI has 16 significant bits, |k| < 256). */
    private static final float LN2_HI = 0.693145751953125f, LN2_LO = 1.4286068e-06f;
    /** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer, kept in the low bits. */
    private static final float ROUNDER = 12582912f;
    /**
     * Turns ROUNDER + k's bits into the exponent field of 2^(k + 64): the scale is applied as
     * 2^(k + 64) then 2^-64, so that k down to -190 needs no subnormal scale factor and a
     * subnormal result is rounded once.
     */
    private static final int SCALE_BIAS = 127 + 64 - Float.floatToRawIntBits(ROUNDER);
    private static final float TWO_TO_MINUS_64 = 0x1p-64f;
    private static final float SQRT1_2 = (float) Erf.SQRT1_2;
    private static final float INV_SQRT_2PI = (float) Erf.INV_SQRT_2PI;

    private VectorErf() {}

    static void erf(float[] in, float[] o, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += S.length()) erf(FloatVector.fromArray(S, in, i)).intoArray(o, i);
        if (bound < to) {
            float[] pad = padded(in, bound, to);
            erf(FloatVector.fromArray(S, pad, 0)).intoArray(pad, 0);
            System.arraycopy(pad, 0, o, bound, to - bound);
        }
    }

    static void gelu(float[] in, float[] o, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += S.length()) gelu(FloatVector.fromArray(S, in, i)).intoArray(o, i);
        if (bound < to) {
            float[] pad = padded(in, bound, to);
            gelu(FloatVector.fromArray(S, pad, 0)).intoArray(pad, 0);
            System.arraycopy(pad, 0, o, bound, to - bound);
        }
    }

    static void geluGrad(float[] in, float[] o, int from, int to) {
        int bound = from + S.loopBound(to - from);
        for (int i = from; i < bound; i += S.length()) geluGrad(FloatVector.fromArray(S, in, i)).intoArray(o, i);
        if (bound < to) {
            float[] pad = padded(in, bound, to);
            geluGrad(FloatVector.fromArray(S, pad, 0)).intoArray(pad, 0);
            System.arraycopy(pad, 0, o, bound, to - bound);
        }
    }

    /** in[from, to) in a vector-long array, the rest zeros. */
    private static float[] padded(float[] in, int from, int to) {
        float[] pad = new float[S.length()];
        System.arraycopy(in, from, pad, 0, to - from);
        return pad;
    }

    /** erf(x): x + x R(x^2) below 1 in magnitude, sign(x) (1 - erfc(|x|)) from there, both in every lane. */
    private static FloatVector erf(FloatVector x) {
        FloatVector near = x.fma(poly(R, x.mul(x)), x);
        FloatVector a = x.abs();
        FloatVector c = a.blend(FloatVector.broadcast(S, ERF_CLAMP), a.compare(VectorOperators.GT, ERF_CLAMP)); // NaN stays NaN
        FloatVector s = c.mul(c), e = c.fma(c, s.neg()); // s + e = c^2 exactly
        FloatVector far = FloatVector.broadcast(S, 1f).sub(expNegTimes(s, e, erfcx(c, 1f)));
        far = far.blend(far.neg(), x.compare(VectorOperators.LT, 0f));
        return far.blend(near, a.compare(VectorOperators.LT, 1f));
    }

    /** x Phi(x) = [x >= 0] x - |x| Phi(-|x|), the second term |x| erfc(|x| / sqrt 2) / 2. */
    private static FloatVector gelu(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector c = a.blend(FloatVector.broadcast(S, GELU_CLAMP), a.compare(VectorOperators.GT, GELU_CLAMP)); // NaN stays NaN
        FloatVector h = c.mul(0.5f);
        FloatVector s = h.mul(c), e = h.fma(c, s.neg()); // s + e = x^2 / 2 exactly
        FloatVector m = expNegTimes(s, e, h.mul(erfcx(c, SQRT1_2)));
        // x * 0 for negative x (not 0): -inf * Phi(-inf) is NaN, as in PyTorch
        FloatVector step = FloatVector.zero(S).blend(FloatVector.broadcast(S, 1f), x.compare(VectorOperators.GE, 0f));
        return x.fma(step, m.neg());
    }

    /** Phi(x) + x phi(x) = [x >= 0] + exp(-x^2 / 2) (x / sqrt(2 pi) - sign(x) erfcx(|x| / sqrt 2) / 2). */
    private static FloatVector geluGrad(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector c = a.blend(FloatVector.broadcast(S, GELU_CLAMP), a.compare(VectorOperators.GT, GELU_CLAMP));
        FloatVector h = c.mul(0.5f);
        FloatVector s = h.mul(c), e = h.fma(c, s.neg());
        var nonNegative = x.compare(VectorOperators.GE, 0f);
        FloatVector halfSigned = FloatVector.broadcast(S, 0.5f).blend(FloatVector.broadcast(S, -0.5f), nonNegative);
        FloatVector m = expNegTimes(s, e, x.fma(FloatVector.broadcast(S, INV_SQRT_2PI), erfcx(c, SQRT1_2).mul(halfSigned)));
        // x * 0 + step: NaN at the infinities, as the scalar code's inf * exp(-inf)
        FloatVector step = FloatVector.zero(S).blend(FloatVector.broadcast(S, 1f), nonNegative);
        return x.fma(FloatVector.zero(S), step).add(m);
    }

    /**
     * exp(a^2) erfc(a) for a = c scale in [0, 11.5]: G(t) v, v = K / (a + K), t = (a - K) / (a + K) = 1 - 2v,
     * with a + K in one rounding.
     */
    private static FloatVector erfcx(FloatVector c, float scale) {
        FloatVector v = FloatVector.broadcast(S, K).div(c.fma(scale, K));
        FloatVector t = v.fma(-2f, 1f);
        FloatVector t2 = t.mul(t), t4 = t2.mul(t2);
        // G(t) by Estrin's scheme: a Horner chain of eleven dependent fused multiply-adds was the loop's critical path
        FloatVector g01 = t.fma(G[1], G[0]), g23 = t.fma(G[3], G[2]), g45 = t.fma(G[5], G[4]), g67 = t.fma(G[7], G[6]),
                g89 = t.fma(G[9], G[8]), gab = t.fma(G[11], G[10]);
        FloatVector g03 = g23.fma(t2, g01), g47 = g67.fma(t2, g45), g8b = gab.fma(t2, g89);
        FloatVector g07 = g47.fma(t4, g03);
        return g8b.fma(t4.mul(t4), g07).mul(v);
    }

    /**
     * m exp(-(s + e)) for s in [0, 131] and |e| a rounding error of s: exp(-s - e) = 2^k exp(r),
     * k = round(-s / ln 2), r = -s - k ln 2 - e. The product is scaled by 2^(k + 64), then 2^-64,
     * so a subnormal result is rounded once and a result below the subnormals is 0.
     */
    private static FloatVector expNegTimes(FloatVector s, FloatVector e, FloatVector m) {
        FloatVector j = s.fma(-LOG2E, ROUNDER); // ROUNDER + k, rounded to an integer by the fma
        FloatVector k = j.sub(ROUNDER);
        FloatVector rHigh = k.fma(FloatVector.broadcast(S, -LN2_HI), s.neg()); // exact: -s and k LN2_HI share their low bits
        FloatVector r = rHigh.sub(k.fma(FloatVector.broadcast(S, LN2_LO), e));
        FloatVector r2 = r.mul(r);
        // E(r) by Estrin's scheme, and 2^-64 exp(r) = 2^-64 + 2^-64 (r + r^2 E(r)): the scale's 2^-64 costs no multiply
        FloatVector poly = r2.fma(FloatVector.broadcast(S, E[4]), r.fma(E[3], E[2])).fma(r2, r.fma(E[1], E[0]));
        FloatVector p = r2.fma(poly, r).fma(TWO_TO_MINUS_64, TWO_TO_MINUS_64);
        FloatVector scale = j.reinterpretAsInts().add(SCALE_BIAS).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return m.mul(scale).mul(p);
    }

    /** Horner's rule with fused multiply-adds; C2 unrolls the loop over a constant array fully. */
    private static FloatVector poly(float[] c, FloatVector x) {
        FloatVector p = FloatVector.broadcast(S, c[c.length - 1]);
        for (int k = c.length - 2; k >= 0; k--) p = p.fma(x, FloatVector.broadcast(S, c[k]));
        return p;
    }
}

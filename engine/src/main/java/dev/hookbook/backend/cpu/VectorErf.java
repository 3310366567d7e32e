package dev.hookbook.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Erf}'s erf, GELU and GELU derivative in SIMD. Each lane evaluates the scalar code's
 * fits in double (float evaluation of the erfc tail loses several ulps near 1), with fused
 * multiply-adds, so the float results match {@link Erf}'s to within an ulp, nearly always
 * exactly. Both polynomial fits are evaluated for every lane and a mask picks one, since lanes
 * disagree on the branch (skipping the tail's fit when no lane needs it measured slower on
 * normally distributed activations: the branch mispredicts).
 * Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorErf {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /**
     * Floats are widened into doubles a chunk at a time through a double array, not with a float
     * vector of half the width: a second float shape beside the preferred one (Float128Vector next
     * to Float256Vector on AVX2) made the Vector API's shared methods see two receiver types, and
     * C2 then boxed vectors in the other kernels (the GEMM's packing among them), an allocation
     * per vector.
     */
    private static final int CHUNK = 256;

    private static final double[] P = Erf.P, Q = Erf.Q;

    private VectorErf() {}

    static void erf(float[] in, float[] o, int from, int to) {
        double[] buf = new double[CHUNK];
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c), bound = D.loopBound(len);
            widen(in, c, buf, bound);
            for (int i = 0; i < bound; i += D.length()) {
                DoubleVector z = DoubleVector.fromArray(D, buf, i);
                DoubleVector a = z.abs();
                DoubleVector small = z.mul(poly(P, z.mul(z)));
                DoubleVector big = one().sub(erfcAbove1(a));
                big = big.blend(big.neg(), z.compare(VectorOperators.LT, 0.0));
                big.blend(small, a.compare(VectorOperators.LT, 1.0)).intoArray(buf, i);
            }
            narrow(buf, o, c, bound);
            for (int i = c + bound; i < c + len; i++) o[i] = Erf.erf(in[i]);
        }
    }

    static void gelu(float[] in, float[] o, int from, int to) {
        double[] buf = new double[CHUNK];
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c), bound = D.loopBound(len);
            widen(in, c, buf, bound);
            for (int i = 0; i < bound; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                x.mul(phi(x)).intoArray(buf, i);
            }
            narrow(buf, o, c, bound);
            for (int i = c + bound; i < c + len; i++) o[i] = Erf.gelu(in[i]);
        }
    }

    static void geluGrad(float[] in, float[] o, int from, int to) {
        double[] buf = new double[CHUNK];
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c), bound = D.loopBound(len);
            widen(in, c, buf, bound);
            for (int i = 0; i < bound; i += D.length()) {
                DoubleVector x = DoubleVector.fromArray(D, buf, i);
                DoubleVector density = x.mul(x.mul(-0.5).mul(x).lanewise(VectorOperators.EXP)).mul(Erf.INV_SQRT_2PI);
                phi(x).add(density).intoArray(buf, i);
            }
            narrow(buf, o, c, bound);
            for (int i = c + bound; i < c + len; i++) o[i] = Erf.geluGrad(in[i]);
        }
    }

    /** buf[0, n) = in[from, from + n) as doubles (exact). */
    private static void widen(float[] in, int from, double[] buf, int n) {
        for (int i = 0; i < n; i++) buf[i] = in[from + i];
    }

    /** o[to, to + n) = buf[0, n) rounded to float, as a cast rounds. */
    private static void narrow(double[] buf, float[] o, int to, int n) {
        for (int i = 0; i < n; i++) o[to + i] = (float) buf[i];
    }

    /** {@link Erf#phi} lane-wise: the lower tail from erfc directly, keeping its relative accuracy. */
    private static DoubleVector phi(DoubleVector x) {
        DoubleVector z = x.mul(Erf.SQRT1_2);
        DoubleVector e = erfcAbove1(z.abs());
        DoubleVector half = DoubleVector.broadcast(D, 0.5);
        DoubleVector lower = half.mul(e);
        DoubleVector upper = half.mul(one().add(one().sub(e)));
        DoubleVector middle = half.mul(one().add(z.mul(poly(P, z.mul(z)))));
        VectorMask<Double> inside = z.abs().compare(VectorOperators.LT, 1.0);
        DoubleVector outside = upper.blend(lower, z.compare(VectorOperators.LE, -1.0));
        return outside.blend(middle, inside);
    }

    /**
     * erfc(a) = exp(-a^2) * (1/a) * Q(1/a), meant for a >= 1; smaller lanes are computed at 1 (the mask
     * discards them) so that no lane divides by zero. Infinity gives 0, as in the scalar code.
     */
    private static DoubleVector erfcAbove1(DoubleVector a) {
        DoubleVector b = a.max(1.0);
        DoubleVector r = one().div(b);
        return b.neg().mul(b).lanewise(VectorOperators.EXP).mul(r).mul(poly(Q, r));
    }

    /**
     * Horner's rule with fused multiply-adds: half the operations of Erf's multiply, then add
     * (the results differ from Erf's in the last bits of the double, hardly ever in the float).
     * C2 unrolls this loop over a constant array fully; written out by hand it measured slower
     * (the bigger method inlined less of the Vector API).
     */
    private static DoubleVector poly(double[] c, DoubleVector x) {
        DoubleVector p = DoubleVector.broadcast(D, c[c.length - 1]);
        for (int k = c.length - 2; k >= 0; k--) p = p.fma(x, DoubleVector.broadcast(D, c[k]));
        return p;
    }

    private static DoubleVector one() {
        return DoubleVector.broadcast(D, 1.0);
    }

}

package dev.hookbook.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Erf}'s erf, GELU and GELU derivative in SIMD. Each lane evaluates the scalar code's
 * fits in double (float evaluation of the erfc tail loses several ulps near 1), with fused
 * multiply-adds, so the float results match {@link Erf}'s to within an ulp, nearly always
 * exactly.
 *
 * <p>A chunk of floats (256) is widened into a double array and goes through two passes: the
 * cheap fit for {@code |z| < 1} over every lane, then the tail's fit (an exponential, a division
 * and a polynomial of degree 14, several times the cost) over only the lanes that need it,
 * gathered into a packed array first and scattered back after. In the GPT of notebook 07 a tenth
 * of GELU's lanes are in the tail; evaluating both fits in every lane and masking spent most of
 * the time on results thrown away, and branching per vector on whether any lane needs the tail
 * mispredicts. Each lane computes exactly what the masked version did, so the results are the
 * same floats.
 *
 * <p>A chunk with more than half its lanes in the tail (inputs of standard deviation 3, say)
 * skips the packing and evaluates both fits in every lane with a mask: there the
 * packing cost more than it saved.
 *
 * <p>Loaded only when {@link VectorSupport#ENABLED}.
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
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    private VectorErf() {}

    /** A chunk's working arrays: the arguments, the results, and the tail's packed lanes. */
    private static final class Scratch {
        final double[] x = new double[CHUNK], y = new double[CHUNK], tail = new double[CHUNK], extra = new double[CHUNK];
        final int[] at = new int[CHUNK];
        /** How many of the chunk's lanes {@link #findTail} found in the tail. */
        int count;
    }

    static void erf(float[] in, float[] o, int from, int to) {
        Scratch s = new Scratch();
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c), bound = D.loopBound(len);
            widen(in, c, s.x, bound);
            if (findTail(s, bound, 1.0)) {
                erfInside(s.x, s.y, bound);
                erfTail(s.tail, pack(s, false));
                scatterTail(s);
            } else {
                erfEveryLane(s.x, s.y, bound);
            }
            narrow(s.y, o, c, bound);
            for (int i = c + bound; i < c + len; i++) o[i] = Erf.erf(in[i]);
        }
    }

    static void gelu(float[] in, float[] o, int from, int to) {
        Scratch s = new Scratch();
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c), bound = D.loopBound(len);
            widen(in, c, s.x, bound);
            if (findTail(s, bound, Erf.SQRT1_2)) {
                geluInside(s.x, s.y, bound);
                geluTail(s.tail, pack(s, false));
                scatterTail(s);
            } else {
                geluEveryLane(s.x, s.y, bound);
            }
            narrow(s.y, o, c, bound);
            for (int i = c + bound; i < c + len; i++) o[i] = Erf.gelu(in[i]);
        }
    }

    static void geluGrad(float[] in, float[] o, int from, int to) {
        Scratch s = new Scratch();
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c), bound = D.loopBound(len);
            widen(in, c, s.x, bound);
            if (findTail(s, bound, Erf.SQRT1_2)) {
                geluGradInside(s.x, s.y, s.extra, bound);
                geluGradTail(s.tail, s.extra, pack(s, true));
                scatterTail(s);
            } else {
                geluGradEveryLane(s.x, s.y, bound);
            }
            narrow(s.y, o, c, bound);
            for (int i = c + bound; i < c + len; i++) o[i] = Erf.geluGrad(in[i]);
        }
    }

    /** y = erf(x) by the fit for |x| < 1, in every lane (the tail's lanes are overwritten later). */
    private static void erfInside(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector z = DoubleVector.fromArray(D, x, i);
            DoubleVector w = z.mul(z);
            DoubleVector p = DoubleVector.broadcast(D, P[P.length - 1]);
            for (int k = P.length - 2; k >= 0; k--) p = p.fma(w, DoubleVector.broadcast(D, P[k]));
            z.mul(p).intoArray(y, i);
        }
    }

    /** t = erf(t) for |t| >= 1 (or NaN): sign(t) (1 - erfc(|t|)). */
    private static void erfTail(double[] t, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector z = DoubleVector.fromArray(D, t, i);
            DoubleVector b = z.abs().max(1.0);
            DoubleVector r = one.div(b);
            DoubleVector q = DoubleVector.broadcast(D, Q[Q.length - 1]);
            for (int k = Q.length - 2; k >= 0; k--) q = q.fma(r, DoubleVector.broadcast(D, Q[k]));
            DoubleVector erfc = b.neg().mul(b).lanewise(VectorOperators.EXP).mul(r).mul(q);
            DoubleVector big = one.sub(erfc);
            big.blend(big.neg(), z.compare(VectorOperators.LT, 0.0)).intoArray(t, i);
        }
    }

    /** y = x Phi(x), Phi = 0.5 (1 + erf(x / sqrt 2)) by erf's fit for |x / sqrt 2| < 1, in every lane. */
    private static void geluInside(double[] x, double[] y, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0), half = DoubleVector.broadcast(D, 0.5);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector z = v.mul(Erf.SQRT1_2);
            DoubleVector w = z.mul(z);
            DoubleVector p = DoubleVector.broadcast(D, P[P.length - 1]);
            for (int k = P.length - 2; k >= 0; k--) p = p.fma(w, DoubleVector.broadcast(D, P[k]));
            v.mul(half.mul(one.add(z.mul(p)))).intoArray(y, i);
        }
    }

    /**
     * t = t Phi(t) for |t / sqrt 2| >= 1 (or NaN), the lower tail from erfc directly, keeping its
     * relative accuracy: erfc(a) = exp(-a^2) (1/a) Q(1/a).
     */
    private static void geluTail(double[] t, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0), half = DoubleVector.broadcast(D, 0.5);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, t, i);
            DoubleVector z = v.mul(Erf.SQRT1_2);
            DoubleVector b = z.abs().max(1.0);
            DoubleVector r = one.div(b);
            DoubleVector q = DoubleVector.broadcast(D, Q[Q.length - 1]);
            for (int k = Q.length - 2; k >= 0; k--) q = q.fma(r, DoubleVector.broadcast(D, Q[k]));
            DoubleVector e = b.neg().mul(b).lanewise(VectorOperators.EXP).mul(r).mul(q);
            DoubleVector lower = half.mul(e), upper = half.mul(one.add(one.sub(e)));
            v.mul(upper.blend(lower, z.compare(VectorOperators.LE, -1.0))).intoArray(t, i);
        }
    }

    /**
     * y = Phi(x) + x phi(x), Phi by erf's fit for |x / sqrt 2| < 1, in every lane; density = x phi(x)
     * (phi the standard normal density), kept for the tail's pass.
     */
    private static void geluGradInside(double[] x, double[] y, double[] density, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0), half = DoubleVector.broadcast(D, 0.5);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector d = v.mul(v.mul(-0.5).mul(v).lanewise(VectorOperators.EXP)).mul(Erf.INV_SQRT_2PI);
            d.intoArray(density, i);
            DoubleVector z = v.mul(Erf.SQRT1_2);
            DoubleVector w = z.mul(z);
            DoubleVector p = DoubleVector.broadcast(D, P[P.length - 1]);
            for (int k = P.length - 2; k >= 0; k--) p = p.fma(w, DoubleVector.broadcast(D, P[k]));
            half.mul(one.add(z.mul(p))).add(d).intoArray(y, i);
        }
    }

    /** t = Phi(t) + density for |t / sqrt 2| >= 1 (or NaN), Phi as in {@link #geluTail}. */
    private static void geluGradTail(double[] t, double[] density, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0), half = DoubleVector.broadcast(D, 0.5);
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, t, i);
            DoubleVector z = v.mul(Erf.SQRT1_2);
            DoubleVector b = z.abs().max(1.0);
            DoubleVector r = one.div(b);
            DoubleVector q = DoubleVector.broadcast(D, Q[Q.length - 1]);
            for (int k = Q.length - 2; k >= 0; k--) q = q.fma(r, DoubleVector.broadcast(D, Q[k]));
            DoubleVector e = b.neg().mul(b).lanewise(VectorOperators.EXP).mul(r).mul(q);
            DoubleVector lower = half.mul(e), upper = half.mul(one.add(one.sub(e)));
            upper.blend(lower, z.compare(VectorOperators.LE, -1.0)).add(DoubleVector.fromArray(D, density, i)).intoArray(t, i);
        }
    }

    /** y = erf(x) with both fits in every lane and a mask: for chunks mostly in the tail. */
    private static void erfEveryLane(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector z = DoubleVector.fromArray(D, x, i);
            DoubleVector a = z.abs();
            DoubleVector small = z.mul(poly(P, z.mul(z)));
            DoubleVector big = one().sub(erfcAbove1(a));
            big = big.blend(big.neg(), z.compare(VectorOperators.LT, 0.0));
            big.blend(small, a.compare(VectorOperators.LT, 1.0)).intoArray(y, i);
        }
    }

    /** y = x Phi(x) with both fits in every lane and a mask: for chunks mostly in the tail. */
    private static void geluEveryLane(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            v.mul(phi(v)).intoArray(y, i);
        }
    }

    /** y = Phi(x) + x phi(x) with both fits in every lane and a mask: for chunks mostly in the tail. */
    private static void geluGradEveryLane(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector density = v.mul(v.mul(-0.5).mul(v).lanewise(VectorOperators.EXP)).mul(Erf.INV_SQRT_2PI);
            phi(v).add(density).intoArray(y, i);
        }
    }

    /**
     * {@link Erf#phi} lane-wise, both fits and a mask. These small helpers (and {@link #poly},
     * {@link #erfcAbove1}) return vectors, and C2 inlines them into the loops above (no boxing in
     * the allocation profile); the same loops written out in one method measured 1.5 times slower
     * on JDK 17, too big to inline into their caller.
     */
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

    /** erfc(a) = exp(-a^2) (1/a) Q(1/a) for a >= 1; smaller lanes are computed at 1 (the mask discards them). */
    private static DoubleVector erfcAbove1(DoubleVector a) {
        DoubleVector b = a.max(1.0);
        DoubleVector r = one().div(b);
        return b.neg().mul(b).lanewise(VectorOperators.EXP).mul(r).mul(poly(Q, r));
    }

    /** Horner's rule with fused multiply-adds; C2 unrolls the loop over a constant array fully. */
    private static DoubleVector poly(double[] c, DoubleVector x) {
        DoubleVector p = DoubleVector.broadcast(D, c[c.length - 1]);
        for (int k = c.length - 2; k >= 0; k--) p = p.fma(x, DoubleVector.broadcast(D, c[k]));
        return p;
    }

    private static DoubleVector one() {
        return DoubleVector.broadcast(D, 1.0);
    }

    /**
     * Finds the lanes of s.x[0, n) whose |x * scale| is not below 1 (NaN included), the tail's,
     * and keeps their places in s.at and their count in s.count. Branch-free: every lane writes a
     * place, the count advances only for the tail's. True when they are at most half the lanes,
     * so that packing them pays; otherwise the caller evaluates both fits in every lane and masks
     * (normally distributed activations put about a tenth of the lanes in the
     * tail, inputs of standard deviation 3 two thirds).
     */
    private static boolean findTail(Scratch s, int n, double scale) {
        double[] x = s.x;
        int[] at = s.at;
        int m = 0;
        for (int i = 0; i < n; i++) {
            at[m] = i;
            m += inTail(x[i] * scale);
        }
        s.count = m;
        return 2 * m <= n;
    }

    /**
     * 1 when |z| >= 1 or z is NaN, else 0, in integer arithmetic: non-negative doubles order as
     * their bits do, NaN's above infinity's. A conditional here compiled to a branch that
     * mispredicted on every few lanes.
     */
    private static int inTail(double z) {
        long magnitude = Double.doubleToRawLongBits(z) & Long.MAX_VALUE;
        return (int) ((ONE_BITS - 1 - magnitude) >>> 63);
    }

    /**
     * Packs the tail's lanes of s.x (and of s.extra in place when withExtra) into s.tail, padded
     * to whole vectors with 2 (a harmless argument). Returns the padded count.
     */
    private static int pack(Scratch s, boolean withExtra) {
        double[] x = s.x, tail = s.tail, extra = s.extra;
        int[] at = s.at;
        int m = s.count, padded = (m + D.length() - 1) / D.length() * D.length();
        for (int j = 0; j < m; j++) tail[j] = x[at[j]];
        if (withExtra) {
            for (int j = 0; j < m; j++) extra[j] = extra[at[j]]; // at[j] >= j: each lane is read before it is overwritten
        }
        for (int j = m; j < padded; j++) {
            tail[j] = 2.0;
            extra[j] = 0.0;
        }
        return padded;
    }

    /** s.y at the tail's places = the packed results (the padding dropped). */
    private static void scatterTail(Scratch s) {
        double[] y = s.y, tail = s.tail;
        int[] at = s.at;
        for (int j = 0; j < s.count; j++) y[at[j]] = tail[j];
    }

    /** buf[0, n) = in[from, from + n) as doubles (exact). */
    private static void widen(float[] in, int from, double[] buf, int n) {
        for (int i = 0; i < n; i++) buf[i] = in[from + i];
    }

    /** o[to, to + n) = buf[0, n) rounded to float, as a cast rounds. */
    private static void narrow(double[] buf, float[] o, int to, int n) {
        for (int i = 0; i < n; i++) o[to + i] = (float) buf[i];
    }
}

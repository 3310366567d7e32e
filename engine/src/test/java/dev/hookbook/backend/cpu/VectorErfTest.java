package dev.hookbook.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The float-lane erf, GELU and GELU derivative against {@link Erf}'s double-precision values
 * rounded to float (which {@link ErfTest} checks against an independent reference), within the
 * bounds {@link VectorErf} states: a sweep through the bit patterns of every float of magnitude
 * up to 20 (every 211th, about ten million arguments a function, from the subnormals up),
 * random magnitudes, the special values, and ranges that start and end off the vector width.
 */
class VectorErfTest {
    /** Every this many bit patterns: prime, so the sweep samples every low-bit pattern of the mantissa. */
    private static final int STRIDE = 211;
    private static final float SWEEP_LIMIT = 20f;

    private interface Kernel {
        void run(float[] in, float[] o, int from, int to);
    }

    private interface Scalar {
        float at(float x);
    }

    /** What a result may be off by: ulps, or (where the reference is below this) an absolute distance. */
    private record Bound(int ulps, double absoluteBelow, double absolute) {}

    /** Distance in representable floats (across zero as well); NaN only matches NaN. */
    static long ulps(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        return Math.abs(ordered(a) - ordered(b));
    }

    private static long ordered(float f) {
        int bits = Float.floatToIntBits(f);
        return bits < 0 ? (long) Integer.MIN_VALUE - bits : bits;
    }

    /** The sweep, random magnitudes from 1e-10 to 1e3, and the special values. */
    private static float[] arguments() {
        float[] special = {0f, -0f, 1f, -1f, (float) Math.sqrt(2), (float) -Math.sqrt(2), 3.92f, -3.92f, 6f, -6f,
                -0.7517915f, 15.6f, -15.6f, 16f, -16f, 30f, -30f,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        int top = Float.floatToIntBits(SWEEP_LIMIT), perSign = top / STRIDE + 1, random = 100_000;
        float[] x = new float[special.length + 2 * perSign + random];
        System.arraycopy(special, 0, x, 0, special.length);
        int at = special.length;
        for (int i = 0; i < perSign; i++) {
            float f = Float.intBitsToFloat(i * STRIDE);
            x[at++] = f;
            x[at++] = -f;
        }
        Random r = new Random(11);
        for (int i = 0; i < random; i++) x[at++] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(14) - 10));
        return x;
    }

    private static void assertWithin(String name, Kernel simd, Scalar scalar, Bound bound) {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        float[] x = arguments();
        // From 3 to 5 before the end: the vector loop starts off its alignment and ends with a partial vector.
        int from = 3, to = x.length - 5;
        float[] o = new float[x.length];
        o[0] = o[x.length - 1] = 42f;
        simd.run(x, o, from, to);
        assertEquals(42f, o[0], name + " wrote before its range");
        assertEquals(42f, o[x.length - 1], name + " wrote past its range");
        long worst = 0;
        double worstAbsolute = 0;
        for (int i = from; i < to; i++) {
            float ref = scalar.at(x[i]);
            long u = ulps(o[i], ref);
            if (u <= bound.ulps()) {
                worst = Math.max(worst, u);
                continue;
            }
            double off = Math.abs((double) o[i] - ref);
            assertTrue(Math.abs(ref) < bound.absoluteBelow() && off <= bound.absolute(),
                    name + "(" + x[i] + "): SIMD " + o[i] + ", scalar " + ref + " (" + u + " ulps)");
            worstAbsolute = Math.max(worstAbsolute, off);
        }
        System.out.println(name + ": within " + worst + " ulps of the scalar code over " + (to - from) + " arguments"
                + (worstAbsolute > 0 ? ", or " + worstAbsolute + " absolute" : ""));
    }

    @Test
    void erfIsWithinAnUlp() {
        assertWithin("erf", VectorErf::erf, Erf::erf, new Bound(1, 0, 0));
    }

    @Test
    void geluIsWithinItsBoundIncludingTheLowerTail() {
        assertWithin("gelu", VectorErf::gelu, Erf::gelu, new Bound(VectorErf.GELU_ULPS, Float.MIN_NORMAL, 2 * Float.MIN_VALUE));
    }

    @Test
    void geluGradIsWithinItsBound() {
        assertWithin("geluGrad", VectorErf::geluGrad, Erf::geluGrad,
                new Bound(VectorErf.GELU_GRAD_ULPS, VectorErf.GELU_GRAD_ABSOLUTE_BELOW, VectorErf.GELU_GRAD_ABSOLUTE));
    }

    /**
     * A range's last, partial vector goes through a padded copy: every argument gives the same
     * float at every position, for ranges of every length from 1 to three vectors and more.
     */
    @Test
    void aResultDoesNotDependOnItsPosition() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        Random r = new Random(5);
        float[] x = new float[40];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3);
        Kernel[] kernels = {VectorErf::erf, VectorErf::gelu, VectorErf::geluGrad};
        String[] names = {"erf", "gelu", "geluGrad"};
        for (int k = 0; k < kernels.length; k++) {
            float[] whole = new float[x.length];
            kernels[k].run(x, whole, 0, x.length);
            for (int from = 0; from < 9; from++) {
                for (int to = from + 1; to <= x.length; to++) {
                    float[] part = new float[x.length];
                    kernels[k].run(x, part, from, to);
                    for (int i = from; i < to; i++) {
                        assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(part[i]),
                                names[k] + "(" + x[i] + ") at " + i + " of [" + from + ", " + to + ")");
                    }
                }
            }
        }
    }

    @Test
    void signsOfZeroAndTheLimitsSurvive() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        int n = 64; // whole vectors only: no partial one
        float[] x = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 4 == 0 ? -0f : i % 4 == 1 ? Float.NEGATIVE_INFINITY : i % 4 == 2 ? Float.POSITIVE_INFINITY : Float.NaN;
        VectorErf.erf(x, o, 0, n);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(o[0]), "erf(-0) is -0");
        assertEquals(-1f, o[1]);
        assertEquals(1f, o[2]);
        assertTrue(Float.isNaN(o[3]));
        VectorErf.gelu(x, o, 0, n);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(o[0]), "gelu(-0) is -0, as in PyTorch");
        assertTrue(Float.isNaN(o[1]), "gelu(-inf) = -inf * 0 is NaN, as in PyTorch");
        assertEquals(Float.POSITIVE_INFINITY, o[2]);
        assertTrue(Float.isNaN(o[3]));
        VectorErf.geluGrad(x, o, 0, n);
        assertEquals(0.5f, o[0], "gelu'(0) = Phi(0)");
        assertTrue(Float.isNaN(o[1]) && Float.isNaN(o[2]), "gelu'(+-inf) = Phi + inf * phi(inf) is NaN, as the scalar code");
        assertTrue(Float.isNaN(o[3]));
    }

    /** Large negative inputs: GELU's result is the tiny x Phi(x), not 0 too early, and -0 once below the floats. */
    @Test
    void theLowerTailKeepsItsRelativeAccuracy() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        float[] x = {-5f, -8f, -10f, -12f, -13f, -14f, -15f, -20f};
        float[] o = new float[x.length];
        VectorErf.gelu(x, o, 0, x.length);
        for (int i = 0; i < 5; i++) {
            double exact = Erf.gelu(x[i]);
            assertEquals(exact, o[i], Math.abs(exact) * 1e-6, "gelu(" + x[i] + ")");
        }
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(o[7]), "gelu(-20) is -0");
    }
}

package dev.hookbook.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SIMD erf, GELU and GELU derivative against the scalar ones of {@link Erf} (which
 * {@link ErfTest} checks against an independent reference): at most one ulp apart, over a dense
 * sweep that crosses both fits' boundaries, random magnitudes, the special values, and ranges
 * that start and end off the vector width.
 */
class VectorErfTest {
    private interface Kernel {
        void run(float[] in, float[] o, int from, int to);
    }

    private interface Scalar {
        float at(float x);
    }

    private static int ulps(float a, float b) {
        if (Float.floatToIntBits(a) == Float.floatToIntBits(b) || (Float.isNaN(a) && Float.isNaN(b))) return 0;
        if (Float.isNaN(a) || Float.isNaN(b) || Math.signum(a) != Math.signum(b)) return Integer.MAX_VALUE;
        return Math.abs(Float.floatToIntBits(Math.abs(a)) - Float.floatToIntBits(Math.abs(b)));
    }

    /** A sweep over [-12, 8], random magnitudes from 1e-10 to 1e3, and the special values. */
    private static float[] arguments() {
        float[] special = {0f, -0f, 1f, -1f, (float) Math.sqrt(2), (float) -Math.sqrt(2), 6f, -6f, 8.5f, -8.5f, 30f, -30f,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        int sweep = 20_001, random = 50_000;
        float[] x = new float[special.length + sweep + random];
        System.arraycopy(special, 0, x, 0, special.length);
        for (int i = 0; i < sweep; i++) x[special.length + i] = -12f + i * 1e-3f;
        Random r = new Random(11);
        for (int i = 0; i < random; i++) {
            x[special.length + sweep + i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(14) - 10));
        }
        return x;
    }

    private static void assertAgrees(String name, Kernel simd, Scalar scalar) {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        float[] x = arguments();
        // From 3 to 5 before the end: the vector loop starts off its alignment and leaves a scalar tail.
        int from = 3, to = x.length - 5;
        float[] o = new float[x.length];
        o[0] = o[x.length - 1] = 42f;
        simd.run(x, o, from, to);
        assertEquals(42f, o[0], name + " wrote before its range");
        assertEquals(42f, o[x.length - 1], name + " wrote past its range");
        int worst = 0;
        for (int i = from; i < to; i++) {
            int u = ulps(o[i], scalar.at(x[i]));
            assertTrue(u <= 1, name + "(" + x[i] + "): SIMD " + o[i] + ", scalar " + scalar.at(x[i]));
            worst = Math.max(worst, u);
        }
        System.out.println(name + ": SIMD within " + worst + " ulp of the scalar code over " + (to - from) + " arguments");
    }

    @Test
    void erfAgreesWithTheScalarCode() {
        assertAgrees("erf", VectorErf::erf, Erf::erf);
    }

    @Test
    void geluAgreesWithTheScalarCode() {
        assertAgrees("gelu", VectorErf::gelu, Erf::gelu);
    }

    @Test
    void geluGradAgreesWithTheScalarCode() {
        assertAgrees("geluGrad", VectorErf::geluGrad, Erf::geluGrad);
    }

    /**
     * The kernels evaluate the tail's fit only in the lanes that need it, packed together, or in
     * every lane when most need it: a lane's result must not depend on its neighbours. Chunks
     * with every share of tail lanes from none to all, and the same arguments in another order,
     * give the same floats lane for lane.
     */
    @Test
    void aLanesResultDoesNotDependOnItsNeighbours() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        int chunk = 256, shares = 17;
        float[] x = new float[chunk * shares];
        Random r = new Random(5);
        for (int c = 0; c < shares; c++) {
            for (int i = 0; i < chunk; i++) {
                boolean tail = r.nextInt(shares - 1) < c; // chunk c: about c / 16 of its lanes in the tail
                float m = (float) (tail ? 1.5 + 6 * r.nextDouble() : 0.99 * r.nextDouble());
                x[c * chunk + i] = r.nextBoolean() ? m : -m;
            }
        }
        int[] order = new int[x.length];
        for (int i = 0; i < x.length; i++) order[i] = i;
        for (int i = x.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] shuffled = new float[x.length];
        for (int i = 0; i < x.length; i++) shuffled[i] = x[order[i]];
        Kernel[] kernels = {VectorErf::erf, VectorErf::gelu, VectorErf::geluGrad};
        String[] names = {"erf", "gelu", "geluGrad"};
        for (int k = 0; k < kernels.length; k++) {
            float[] o = new float[x.length], os = new float[x.length];
            kernels[k].run(x, o, 0, x.length);
            kernels[k].run(shuffled, os, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToIntBits(o[order[i]]), Float.floatToIntBits(os[i]),
                        names[k] + "(" + shuffled[i] + ") depends on the lanes beside it");
            }
        }
    }

    @Test
    void signsOfZeroAndTheLimitsSurvive() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        int n = 64; // whole vectors only: no scalar tail
        float[] x = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) x[i] = i % 4 == 0 ? -0f : i % 4 == 1 ? Float.NEGATIVE_INFINITY : i % 4 == 2 ? Float.POSITIVE_INFINITY : Float.NaN;
        VectorErf.erf(x, o, 0, n);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(o[0]), "erf(-0) is -0");
        assertEquals(-1f, o[1]);
        assertEquals(1f, o[2]);
        assertTrue(Float.isNaN(o[3]));
        VectorErf.gelu(x, o, 0, n);
        assertTrue(Float.isNaN(o[1]), "gelu(-inf) = -inf * 0 is NaN, as in PyTorch");
        assertEquals(Float.POSITIVE_INFINITY, o[2]);
        assertTrue(Float.isNaN(o[3]));
    }
}

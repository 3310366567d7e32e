package dev.hookbook.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CPU's erf and GELU against an independent double evaluation (the Taylor series below 2.5,
 * the continued fraction of erfc above), over a dense sweep and random arguments: the float
 * results must be within one ulp of the reference rounded to float.
 */
class ErfTest {
    private static final double SQRT_PI = Math.sqrt(Math.PI);

    /** erf in double: Taylor series for |x| < 2.5, 1 - erfc by its continued fraction beyond. */
    private static double referenceErf(double x) {
        double a = Math.abs(x);
        if (a < 2.5) {
            double term = a, sum = a;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-300; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            return Math.copySign(2 / SQRT_PI * sum, x);
        }
        return Math.copySign(1 - referenceErfc(a), x);
    }

    /** erfc(a) for a >= 2.5: exp(-a^2) / sqrt(pi) / (a + 1/2 / (a + 1 / (a + 3/2 / (a + ...)))). */
    private static double referenceErfc(double a) {
        double f = a;
        for (int k = 300; k >= 1; k--) f = a + k / 2.0 / f;
        return Math.exp(-a * a) / SQRT_PI / f;
    }

    private static double referencePhi(double x) {
        double z = x / Math.sqrt(2);
        return z < -2.5 ? 0.5 * referenceErfc(-z) : 0.5 * (1 + referenceErf(z));
    }

    private static int ulps(float a, float b) {
        if (a == b) return 0;
        if (Math.signum(a) != Math.signum(b)) return Integer.MAX_VALUE;
        return Math.abs(Float.floatToIntBits(Math.abs(a)) - Float.floatToIntBits(Math.abs(b)));
    }

    @Test
    void erfIsWithinOneUlpEverywhere() {
        Random r = new Random(5);
        int worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = i < 100_000 ? -5f + i * 1e-4f : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 10));
            int u = ulps(Erf.erf(x), (float) referenceErf(x));
            assertTrue(u <= 1, "erf(" + x + ") = " + Erf.erf(x) + ", reference " + (float) referenceErf(x));
            worst = Math.max(worst, u);
        }
        System.out.println("erf: worst " + worst + " ulp over 200,000 arguments");
    }

    @Test
    void geluAndItsDerivativeAreAccurateIncludingTheLowerTail() {
        for (float x = -12f; x <= 8f; x += 0.001f) {
            float g = Erf.gelu(x), ref = (float) (x * referencePhi(x));
            assertTrue(ulps(g, ref) <= 2, "gelu(" + x + ") = " + g + ", reference " + ref);
            double h = 1e-4, slope = ((x + h) * referencePhi(x + h) - (x - h) * referencePhi(x - h)) / (2 * h);
            assertEquals(slope, Erf.geluGrad(x), 1e-6, "gelu'(" + x + ")");
        }
    }

    @Test
    void specialValues() {
        assertEquals(1f, Erf.erf(Float.POSITIVE_INFINITY));
        assertEquals(-1f, Erf.erf(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(Erf.erf(Float.NaN)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Erf.erf(-0f)), "erf keeps the sign of zero");
        assertEquals(Float.MIN_VALUE, Erf.erf(Float.MIN_VALUE) / 1.1283791670955126f, Float.MIN_VALUE, "denormals");
        // as PyTorch: -inf * Phi(-inf) = -inf * 0 is NaN
        assertTrue(Float.isNaN(Erf.gelu(Float.NEGATIVE_INFINITY)));
        assertEquals(Float.POSITIVE_INFINITY, Erf.gelu(Float.POSITIVE_INFINITY));
        assertEquals(0f, Erf.gelu(-30f), 0f);
        assertTrue(Float.isNaN(Erf.gelu(Float.NaN)));
    }
}

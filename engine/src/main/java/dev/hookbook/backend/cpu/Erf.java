package dev.hookbook.backend.cpu;

/**
 * The error function and the GELU built on it, evaluated in double and rounded once to float,
 * so the float results are correctly rounded but for rare half-way cases. Two polynomial fits
 * (coefficients from {@code tools/erf/fit_erf.py}, least squares against 50-digit values):
 * <ul>
 *   <li>{@code |z| < 1}: {@code erf(z) = z P(z^2)}, relative error below 1e-12;</li>
 *   <li>{@code z >= 1}: {@code erfc(z) = exp(-z^2) / z * Q(1/z)}, relative error below 3e-9,
 *       which keeps the tiny tail of GELU for negative inputs accurate as well.</li>
 * </ul>
 */
final class Erf {
    /** The double fits; {@link VectorErf} has float fits of its own and is checked against these. */
    static final double[] P = {1.128379167094565, -0.37612638888248356, 0.11283791280148026,
            -0.02686613099999858, 0.005223774826219734, -0.000854245570331117, 0.00011954430416083289,
            -1.389633472597887e-05, 1.0557115047506174e-06};
    static final double[] Q = {0.5641895822692636, 5.680754102563532e-07, -0.2821363077693498,
            0.0011796425493571755, 0.406050095141027, 0.14191711925576211, -1.7525185979397269, 1.7980437228359614,
            3.211461562319802, -12.148767635497455, 18.080948434013365, -15.893506432467884, 8.608218966355514,
            -2.674016453307816, 0.3665193110172449};
    static final double SQRT1_2 = 0.7071067811865476;
    /** 1 / sqrt(2 pi): the standard normal density at 0. */
    static final double INV_SQRT_2PI = 0.3989422804014327;

    private Erf() {}

    static double erf(double z) {
        double a = Math.abs(z);
        if (a < 1) return z * poly(P, z * z);
        if (!(a < 6)) return Double.isNaN(z) ? z : Math.copySign(1.0, z); // erfc(6) ~ 2e-17: erf is 1 in double
        return Math.copySign(1 - erfcAbove1(a), z);
    }

    /** erfc(a) for a >= 1 (0 for infinity). */
    private static double erfcAbove1(double a) {
        if (a == Double.POSITIVE_INFINITY) return 0;
        double r = 1 / a; // one division, not two: divisions are the slowest step of the SIMD version
        return Math.exp(-a * a) * r * poly(Q, r);
    }

    /** The standard normal distribution function, with full relative accuracy in the lower tail. */
    static double phi(double x) {
        double z = x * SQRT1_2;
        if (z <= -1) return 0.5 * erfcAbove1(-z);
        return 0.5 * (1 + erf(z));
    }

    static float erf(float x) {
        return (float) erf((double) x);
    }

    /** {@code x Phi(x)}: GELU without the tanh approximation. */
    static float gelu(float x) {
        return (float) (x * phi(x));
    }

    /** {@code Phi(x) + x phi(x)}: the derivative of {@link #gelu}. */
    static float geluGrad(float x) {
        double d = x;
        return (float) (phi(d) + d * Math.exp(-0.5 * d * d) * INV_SQRT_2PI);
    }

    /** Horner's rule. */
    private static double poly(double[] c, double x) {
        double p = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) p = p * x + c[i];
        return p;
    }
}

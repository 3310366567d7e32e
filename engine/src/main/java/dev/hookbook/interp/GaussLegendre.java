package dev.hookbook.interp;

/**
 * The Gauss-Legendre quadrature rule on [0, 1], Captum's default way of integrating the
 * gradients ({@code approximation_methods.gauss_legendre_builders}): numpy's
 * {@code leggauss(n)} points mapped from [-1, 1] to [0, 1] and its weights halved, so they sum
 * to 1. Computed in double precision by Newton's method on the Legendre polynomial.
 */
final class GaussLegendre {
    /** The points, ascending as numpy gives them, each in (0, 1). */
    final double[] alphas;
    /** The weight of each point; they sum to 1. */
    final double[] stepSizes;

    GaussLegendre(int n) {
        if (n < 1) throw new IllegalArgumentException("GaussLegendre: expected at least 1 point, got " + n);
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5)), derivative = 0;
            for (int iter = 0; iter < 100; iter++) {
                double[] pd = legendre(n, z);
                derivative = pd[1];
                double step = pd[0] / derivative;
                z -= step;
                if (Math.abs(step) <= 1e-16) break;
            }
            derivative = legendre(n, z)[1];
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * derivative * derivative);
        }
        alphas = new double[n];
        stepSizes = new double[n];
        for (int i = 0; i < n; i++) {
            alphas[i] = 0.5 * (1 + x[i]);
            stepSizes[i] = 0.5 * w[i];
        }
    }

    /** P_n(z) and its derivative, by the three-term recurrence. */
    private static double[] legendre(int n, double z) {
        double p = 1, previous = 0;
        for (int j = 1; j <= n; j++) {
            double before = previous;
            previous = p;
            p = ((2 * j - 1) * z * previous - (j - 1) * before) / j;
        }
        return new double[]{p, n * (z * p - previous) / (z * z - 1)};
    }
}

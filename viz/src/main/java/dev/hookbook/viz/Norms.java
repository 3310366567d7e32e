package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;

/** L2 norms from a bounded sample: exact for small tensors, an unbiased estimate for large ones. */
final class Norms {
    private Norms() {}

    /**
     * The sum of the squares of {@code t}'s elements. A tensor larger than {@code sampleSize} is
     * {@link TensorSample sampled}, and the sample's sum is scaled up by {@code numel / sampled}.
     */
    static double sumOfSquares(Tensor t, int sampleSize) {
        float[] values = TensorSample.of(t, sampleSize);
        return sumOfSquares(values) * ((double) t.numel() / Math.max(1, values.length));
    }

    static double sumOfSquares(float[] values) {
        double s = 0;
        for (float v : values) s += (double) v * v;
        return s;
    }

    /** |a - b| / |b|, or NaN when b is all zeros. */
    static double relativeChange(float[] after, float[] before) {
        double diff = 0, base = 0;
        for (int i = 0; i < before.length; i++) {
            double d = (double) after[i] - before[i];
            diff += d * d;
            base += (double) before[i] * before[i];
        }
        return base == 0 ? Double.NaN : Math.sqrt(diff / base);
    }
}

package dev.hookbook.viz;

/**
 * Sums over the sampled output values of one module during one step, in a single pass per
 * sample; {@link #stats()} turns them into an {@link ActivationStats}.
 */
final class StatsAccumulator {
    private final Saturation saturation;
    private long numel;
    private long count;
    private double sum;
    private double sumSq;
    private long zeros;
    private long saturated;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    StatsAccumulator(Saturation saturation) {
        this.saturation = saturation;
    }

    /** Adds a sample drawn from an output of {@code numel} elements. */
    void add(float[] sample, long numel) {
        this.numel += numel;
        count += sample.length;
        double s = 0, s2 = 0;
        long z = 0, sat = 0;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : sample) {
            s += v;
            s2 += (double) v * v;
            if (v == 0f) z++;
            if (saturation.isSaturated(v)) sat++;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        sum += s;
        sumSq += s2;
        zeros += z;
        saturated += sat;
        min = Math.min(min, lo);
        max = Math.max(max, hi);
    }

    boolean isEmpty() {
        return count == 0;
    }

    ActivationStats stats() {
        if (count == 0) return null;
        double mean = sum / count;
        double variance = count > 1 ? Math.max(0, (sumSq - sum * mean) / (count - 1)) : 0;
        double saturatedFraction = saturation == Saturation.NONE ? Double.NaN : (double) saturated / count;
        return new ActivationStats(numel, count, mean, Math.sqrt(variance), min, max, (double) zeros / count, saturatedFraction);
    }
}

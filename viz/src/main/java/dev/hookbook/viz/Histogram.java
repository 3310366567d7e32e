package dev.hookbook.viz;

import java.util.Arrays;

/**
 * Counts of values in equal-width bins, as {@code numpy.histogram(values, bins)}: the bins split
 * [{@link #lo}, {@link #hi}] (the smallest and largest finite value) into equal parts; each bin
 * holds the values in [left edge, right edge), and the last bin also holds {@code hi}. When all
 * values are equal the range is [value - 0.5, value + 0.5]. NaN and infinite values are counted
 * in {@link #nonFinite}, not in a bin.
 *
 * @param lo        the left edge of the first bin
 * @param hi        the right edge of the last bin
 * @param counts    how many values fell in each bin
 * @param nonFinite how many values were NaN or infinite
 */
public record Histogram(double lo, double hi, long[] counts, long nonFinite) {

    /** Bins {@code values} into {@code bins} equal-width bins over their own range. */
    public static Histogram of(float[] values, int bins) {
        if (bins < 1) throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) return new Histogram(0, 1, new long[bins], values.length); // no finite value at all
        if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        long[] counts = new long[bins];
        long nonFinite = 0;
        double scale = bins / (max - min);
        for (float v : values) {
            if (!Float.isFinite(v)) {
                nonFinite++;
                continue;
            }
            int bin = (int) ((v - min) * scale);
            counts[Math.min(bin, bins - 1)]++; // the maximum itself belongs to the last bin
        }
        return new Histogram(min, max, counts, nonFinite);
    }

    /** The number of bins. */
    public int bins() {
        return counts.length;
    }

    /** The width of every bin. */
    public double binWidth() {
        return (hi - lo) / counts.length;
    }

    /** The left edge of bin {@code i}. */
    public double binStart(int i) {
        return lo + i * binWidth();
    }

    /** How many values were binned (the non-finite ones excluded). */
    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && h.lo == lo && h.hi == hi && h.nonFinite == nonFinite && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lo) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[" + lo + ", " + hi + "] " + Arrays.toString(counts) + (nonFinite > 0 ? " +" + nonFinite + " non-finite" : "");
    }
}

package dev.hookbook.viz;

import java.util.Map;

/**
 * What a {@link Monitor} keeps of one step for its {@linkplain Monitor#explorer() explorer}: a
 * compact summary, not the tensors. Per module the histogram of its sampled output and of the
 * sampled gradient at its output; per convolution a few of its feature maps, shrunk.
 *
 * @param stats       the step's figures, as in {@link Monitor#history()}
 * @param activations per module: the histogram of its sampled output values
 * @param gradients   per module: the histogram of the sampled gradient of the loss at its output
 * @param featureMaps per convolution: at most {@value #CHANNELS} maps of one image, each averaged
 *                    down to at most {@value #SIDE} x {@value #SIDE}
 */
public record StepSnapshot(StepStats stats, Map<String, Histogram> activations, Map<String, Histogram> gradients,
                           Map<String, FeatureMaps> featureMaps) {

    /** How many feature maps of a convolution a snapshot keeps. */
    public static final int CHANNELS = 8;
    /** The largest side of a feature map a snapshot keeps; larger maps are averaged down. */
    public static final int SIDE = 16;

    /** The step number, from 1. */
    public int step() {
        return stats.step();
    }

    /** About how many bytes the snapshot holds: the bins' counts and the maps' values. */
    public long bytes() {
        long bytes = 0;
        for (Histogram h : activations.values()) bytes += 8L * h.bins() + 40;
        for (Histogram h : gradients.values()) bytes += 8L * h.bins() + 40;
        for (FeatureMaps maps : featureMaps.values()) bytes += 4L * maps.values().length + 40;
        return bytes;
    }

    /**
     * The first {@value #CHANNELS} of {@code maps}, each averaged over squares of {@code f x f}
     * pixels, {@code f} the smallest factor that brings both sides to {@value #SIDE} or less.
     */
    static FeatureMaps shrink(FeatureMaps maps) {
        int channels = Math.min(CHANNELS, maps.channels());
        int f = Math.max(1, (Math.max(maps.height(), maps.width()) + SIDE - 1) / SIDE);
        int h = (maps.height() + f - 1) / f, w = (maps.width() + f - 1) / f;
        float[] values = new float[channels * h * w];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    int n = 0;
                    for (int yy = y * f; yy < Math.min(maps.height(), (y + 1) * f); yy++) {
                        for (int xx = x * f; xx < Math.min(maps.width(), (x + 1) * f); xx++) {
                            sum += maps.at(c, yy, xx);
                            n++;
                        }
                    }
                    values[(c * h + y) * w + x] = (float) (sum / n);
                }
            }
        }
        return new FeatureMaps(maps.step(), channels, h, w, values);
    }
}

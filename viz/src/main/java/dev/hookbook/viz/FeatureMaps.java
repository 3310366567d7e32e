package dev.hookbook.viz;

/**
 * The output of a convolution for one image: {@code channels} maps of {@code height x width}
 * values, row-major ({@code values[(c * height + y) * width + x]}).
 *
 * @param step     the training step it was taken in
 * @param channels how many maps (at most the monitor's limit, the first ones)
 * @param height   rows of each map
 * @param width    columns of each map
 * @param values   the values
 */
public record FeatureMaps(int step, int channels, int height, int width, float[] values) {

    /** The value of map {@code c} at row {@code y}, column {@code x}. */
    public float at(int c, int y, int x) {
        return values[(c * height + y) * width + x];
    }
}

package dev.hookbook.tensor;

/**
 * How a {@code kh x kw} window slides over a batch of images {@code [n, channels, h, w]}, moving
 * {@code stride} pixels and reading {@code padding} zeros beyond each edge: the geometry that
 * convolution and pooling share, worked out once by the op and handed to the kernels.
 */
public record Window2d(int n, int channels, int h, int w, int kh, int kw, int stride, int padding) {

    /** The window over images of {@code imageShape} {@code [N, C, H, W]}. */
    public static Window2d over(int[] imageShape, int kh, int kw, int stride, int padding) {
        return new Window2d(imageShape[0], imageShape[1], imageShape[2], imageShape[3], kh, kw, stride, padding);
    }

    /** Output rows: window positions down (a last partial window is dropped, as PyTorch does). */
    public int outH() {
        return (h + 2 * padding - kh) / stride + 1;
    }

    /** Output columns: window positions across. */
    public int outW() {
        return (w + 2 * padding - kw) / stride + 1;
    }

    /** The image shape {@code [N, C, H, W]}. */
    public int[] imageShape() {
        return new int[]{n, channels, h, w};
    }

    /** im2col's shape: one column of {@code C*kh*kw} values per window position, per image. */
    public int[] columnsShape() {
        return new int[]{n, channels * kh * kw, outH() * outW()};
    }

    /** A pooled output's shape {@code [N, C, outH, outW]}. */
    public int[] pooledShape() {
        return new int[]{n, channels, outH(), outW()};
    }
}

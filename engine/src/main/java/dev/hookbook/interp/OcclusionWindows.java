package dev.hookbook.interp;

import dev.hookbook.tensor.Shape;

import java.util.Arrays;

/**
 * The windows Captum's {@code Occlusion} slides over one sample: per dim
 * {@code ceil((size - window) / stride) + 1} places, the first dim counting fastest (the order of
 * its feature numbers), each window cropped where it runs past the border (Captum pads the
 * window of ones with {@code F.pad}, negative padding cropping it).
 */
final class OcclusionWindows {
    private final int[] sampleShape;
    private final int[] window;
    private final int[] stride;
    private final int[] counts;
    final int count;
    final int sampleSize;

    OcclusionWindows(int[] sampleShape, int[] window, int[] stride) {
        String got = "window " + Arrays.toString(window) + ", stride " + Arrays.toString(stride);
        if (window == null || stride == null || window.length != sampleShape.length || stride.length != sampleShape.length) {
            throw new IllegalArgumentException("Attribution.occlusion: expected a window and a stride of " + sampleShape.length
                    + " sizes each (one per dim of a sample " + Shape.str(sampleShape) + "), got " + got);
        }
        this.sampleShape = sampleShape.clone();
        this.window = window.clone();
        this.stride = stride.clone();
        counts = new int[sampleShape.length];
        long total = 1;
        for (int d = 0; d < sampleShape.length; d++) {
            if (window[d] < 1 || stride[d] < 1) {
                throw new IllegalArgumentException("Attribution.occlusion: expected window and stride sizes of at least 1, got " + got);
            }
            if (window[d] > sampleShape[d]) {
                throw new IllegalArgumentException("Attribution.occlusion: expected a window no bigger than a sample "
                        + Shape.str(sampleShape) + ", got window " + Arrays.toString(window));
            }
            // Captum's rule: a stride longer than its window would leave elements no window covers.
            if (stride[d] > window[d] && window[d] < sampleShape[d]) {
                throw new IllegalArgumentException("Attribution.occlusion: expected each stride no longer than its window (so every "
                        + "element is covered), got " + got + " for a sample " + Shape.str(sampleShape));
            }
            counts[d] = (sampleShape[d] - window[d] + stride[d] - 1) / stride[d] + 1;
            total *= counts[d];
        }
        count = Math.toIntExact(total);
        sampleSize = Shape.numel(sampleShape);
    }

    /** Writes window {@code feature}'s mask (1 inside, 0 outside) over one sample into {@code out} at {@code offset}. */
    void mask(int feature, float[] out, int offset) {
        int dims = sampleShape.length;
        int[] from = new int[dims], to = new int[dims];
        int remaining = feature;
        for (int d = 0; d < dims; d++) {
            from[d] = (remaining % counts[d]) * stride[d];
            to[d] = Math.min(from[d] + window[d], sampleShape[d]);
            remaining /= counts[d];
        }
        int[] at = from.clone();
        while (true) {
            int flat = 0;
            for (int d = 0; d < dims; d++) flat = flat * sampleShape[d] + at[d];
            out[offset + flat] = 1f;
            int d = dims - 1;
            while (d >= 0 && ++at[d] == to[d]) {
                at[d] = from[d];
                d--;
            }
            if (d < 0) return;
        }
    }
}

package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Turns a tensor of images {@code [N, C, H, W]} (C is 1 or 3) into pictures. */
final class Pictures {
    private Pictures() {}

    /**
     * One picture per image, on one scale for all: [0, 1], widened to the values' range when they
     * go beyond it (normalised inputs), so the images compare.
     */
    static List<BufferedImage> of(Tensor images) {
        int[] shape = images.shape();
        int n = shape[0], channels = shape[1], h = shape[2], w = shape[3];
        float[] values = images.toFloatArray();
        float lo = 0, hi = 1;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        List<BufferedImage> pictures = new ArrayList<>(n);
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int base = i * channels * plane;
            for (int p = 0; p < plane; p++) {
                int r = level(values[base + p], lo, hi);
                int g = channels == 3 ? level(values[base + plane + p], lo, hi) : r;
                int b = channels == 3 ? level(values[base + 2 * plane + p], lo, hi) : r;
                picture.setRGB(p % w, p / w, (r << 16) | (g << 8) | b);
            }
            pictures.add(picture);
        }
        return pictures;
    }

    /** {@code v} on [lo, hi] as a level 0..255; NaN is black. */
    private static int level(float v, float lo, float hi) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return Math.round(255 * Math.max(0, Math.min(1, (v - lo) / (hi - lo))));
    }
}

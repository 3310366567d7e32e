package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.chart.ColorRamp;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures in grey with a heat map laid over each, as Grad-CAM pictures are drawn
 * (pytorch-grad-cam's {@code show_cam_on_image}), but more opaque where the heat is stronger, so
 * the picture stays visible where the model paid it little heed. Each heat map is scaled by its own
 * largest absolute value, so 1 is where that image's evidence is strongest; a heat map smaller
 * than its picture is stretched over it, smoothly.
 */
final class Overlays {
    /** How much of the heat map's colour a pixel takes where the heat map is 0, and where it is largest. */
    static final float LEAST_OPAQUE = 0.15f, MOST_OPAQUE = 0.7f;
    /** The colour scale, over the share of each image's largest |value|. */
    static final ColorRamp SCALE = ColorRamp.turbo(0, 1);

    private Overlays() {}

    /**
     * @param images   {@code [N, C, H, W]}, C 1 or 3, checked by the caller
     * @param heatmaps {@code [N, h, w]}
     */
    static List<BufferedImage> of(Tensor images, Tensor heatmaps) {
        List<BufferedImage> pictures = Pictures.of(images);
        int[] hs = heatmaps.shape();
        int n = hs[0], h = hs[1], w = hs[2];
        float[] heat = heatmaps.toFloatArray();
        List<BufferedImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BufferedImage picture = grey(pictures.get(i));
            BufferedImage layer = colours(heat, i * h * w, h, w);
            Graphics2D g2 = picture.createGraphics();
            try {
                g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g2.drawImage(layer, 0, 0, picture.getWidth(), picture.getHeight(), null);
            } finally {
                g2.dispose();
            }
            out.add(picture);
        }
        return out;
    }

    /** One heat map as colours, scaled by its largest |value|; NaN is left transparent. */
    private static BufferedImage colours(float[] heat, int offset, int h, int w) {
        double largest = 0;
        for (int p = 0; p < h * w; p++) {
            float v = heat[offset + p];
            if (Float.isFinite(v)) largest = Math.max(largest, Math.abs(v));
        }
        BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int p = 0; p < h * w; p++) {
            float v = heat[offset + p];
            if (!Float.isFinite(v)) continue;
            double share = largest == 0 ? 0 : Math.abs(v) / largest;
            // More opaque where the heat is stronger: where it is weak the picture itself shows through.
            int alpha = Math.round(255 * (LEAST_OPAQUE + (MOST_OPAQUE - LEAST_OPAQUE) * (float) share));
            layer.setRGB(p % w, p / w, alpha << 24 | ((Color) SCALE.getPaint(share)).getRGB() & 0xFFFFFF);
        }
        return layer;
    }

    /** {@code picture} in grey (its luminance), so the colours on top are the heat map's alone. */
    private static BufferedImage grey(BufferedImage picture) {
        BufferedImage grey = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int rgb = picture.getRGB(x, y);
                int level = (int) Math.round(0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF));
                grey.setRGB(x, y, level << 16 | level << 8 | level);
            }
        }
        return grey;
    }
}

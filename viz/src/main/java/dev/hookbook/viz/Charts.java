package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.chart.CurveChart;
import dev.hookbook.viz.chart.ImageGridPlot;
import dev.hookbook.viz.live.Screen;
import org.jfree.chart.JFreeChart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Saving charts: PNG for pictures, SVG (through JFreeSVG) for print and the web, where the
 * chart stays sharp at any size; and a grid of images from a tensor. Works headless.
 *
 * <pre>{@code
 * Charts.savePng(monitor.charts().get("gradients"), Path.of("gradients.png"), 900, 600);
 * Charts.saveSvg(monitor.charts().get("gradients"), Path.of("gradients.svg"), 900, 600);
 * }</pre>
 */
public final class Charts {
    static {
        Screen.settle();        // before AWT starts: with no X server that answers, draw headless
    }

    private Charts() {}

    /**
     * Curves measured at a few points: name to {x, y} pairs, one line each with a marker at every
     * point (test accuracy against the share of weights pruned, say).
     *
     * <pre>{@code
     * Charts.curves("Pruning", "test accuracy after pruning", "weights pruned (%)", "test accuracy (%)",
     *         Map.of("global", new double[][]{{0, 88.1}, {50, 87.9}, {90, 70.2}}))
     * }</pre>
     */
    public static JFreeChart curves(String title, String explanation, String xLabel, String yLabel,
                                    Map<String, double[][]> curves) {
        return CurveChart.of(title, explanation, xLabel, yLabel, curves);
    }

    /** Writes {@code chart} as a {@code width x height} PNG image; creates missing directories. */
    public static void savePng(JFreeChart chart, Path file, int width, int height) throws IOException {
        createParent(file);
        Files.write(file, Png.encode(image(chart, width, height)));
    }

    /** Writes {@code chart} as an SVG document of {@code width x height}; creates missing directories. */
    public static void saveSvg(JFreeChart chart, Path file, int width, int height) throws IOException {
        createParent(file);
        Files.writeString(file, svg(chart, width, height), StandardCharsets.UTF_8);
    }

    /**
     * {@code chart} as the text of an SVG document. Needs JFreeSVG (an optional dependency, GPL-3.0:
     * see NOTICE) on the class path, as {@link #saveSvg} does; without it this is a one-line error.
     */
    public static String svg(JFreeChart chart, int width, int height) {
        return Svg.document(width, height, g2 -> chart.draw(g2, new Rectangle(width, height)));
    }

    /** {@code chart} drawn into a new image. */
    public static BufferedImage image(JFreeChart chart, int width, int height) {
        return chart.createBufferedImage(width, height);
    }

    /** Several charts drawn side by side, {@code columns} per row, each {@code tileWidth x tileHeight}. */
    public static BufferedImage compose(Collection<JFreeChart> charts, int columns, int tileWidth, int tileHeight) {
        List<JFreeChart> list = new ArrayList<>(charts);
        int cols = Math.max(1, Math.min(columns, list.size()));
        int rows = Math.max(1, (list.size() + cols - 1) / cols);
        BufferedImage image = new BufferedImage(cols * tileWidth, rows * tileHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < list.size(); i++) {
                list.get(i).draw(g2, new Rectangle((i % cols) * tileWidth, (i / cols) * tileHeight, tileWidth, tileHeight));
            }
        } finally {
            g2.dispose();
        }
        return image;
    }

    /**
     * A grid of pictures, such as the test images a model got wrong, each with its caption (there
     * may be fewer captions than images).
     *
     * <pre>{@code
     * Charts.images(batch.x(), "Shirt (taken for T-shirt/top)", "Coat (taken for Pullover)");
     * }</pre>
     *
     * @param images {@code [N, 1, H, W]} (grey: 0 black, 1 white) or {@code [N, 3, H, W]} (red, green,
     *               blue); values outside [0, 1] widen the scale to take them in
     */
    public static JFreeChart images(Tensor images, String... captions) {
        return images(images, List.of(captions));
    }

    /** {@link #images(Tensor, String...)} with the captions in a list. */
    public static JFreeChart images(Tensor images, List<String> captions) {
        int[] shape = images.shape();
        if (shape.length != 4 || (shape[1] != 1 && shape[1] != 3)) {
            throw new IllegalArgumentException("images: expected a tensor [N, 1, H, W] or [N, 3, H, W], found "
                    + Arrays.toString(shape));
        }
        if (captions.size() > shape[0]) {
            throw new IllegalArgumentException("images: " + captions.size() + " captions for " + shape[0] + " images");
        }
        JFreeChart chart = new JFreeChart(new ImageGridPlot(Pictures.of(images), captions));
        chart.removeLegend();
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        chart.getPlot().setOutlineVisible(false);
        return chart;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }
}

package dev.hookbook.viz;

import dev.hookbook.viz.png.Png;
import dev.hookbook.interp.ActivationCache;
import dev.hookbook.interp.Heatmap;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.chart.CurveChart;
import dev.hookbook.viz.chart.HeatmapChart;
import dev.hookbook.viz.chart.ImageGridPlot;
import dev.hookbook.viz.chart.LineChart;
import dev.hookbook.viz.chart.OverlayChart;
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

    /**
     * A heat map of a matrix, with its rows and columns labelled and a colour bar (seaborn's
     * {@code heatmap(df, cmap="RdBu_r", center=0)}, matplotlib's {@code imshow} with {@code colorbar}).
     * Signed values are drawn blue (negative), white (0) and red (positive) on a scale centred on 0;
     * values that are all zero or more in viridis from 0 to the largest; NaN cells stay grey. The
     * first row is at the top. Where the cells are too small for every label (64 rows, say), every
     * second or third is labelled; column labels wider than their cells stand upright.
     *
     * <pre>{@code
     * Charts.heatmap(scores, List.of("layer 0", "layer 1"), List.of("The", "cat", "sat"), "Patching: logit difference")
     * }</pre>
     *
     * @param matrix       {@code [rows, columns]}, on any device
     * @param rowLabels    one per row, drawn down the left
     * @param columnLabels one per column, drawn along the bottom
     */
    public static JFreeChart heatmap(Tensor matrix, List<String> rowLabels, List<String> columnLabels, String title) {
        int[] shape = matrix.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("Charts.heatmap: expected a matrix [rows, columns], got " + Shape.str(shape));
        }
        if (rowLabels.size() != shape[0] || columnLabels.size() != shape[1]) {
            throw new IllegalArgumentException("Charts.heatmap: expected " + shape[0] + " row labels and " + shape[1]
                    + " column labels for a matrix " + Shape.str(shape) + ", got " + rowLabels.size() + " and "
                    + columnLabels.size());
        }
        return HeatmapChart.of(matrix.toFloatArray(), shape[0], shape[1], rowLabels, columnLabels,
                title == null ? "" : title);
    }

    /**
     * {@link #heatmap(Tensor, List, List, String)} with the rows and columns labelled by their index
     * (matplotlib's {@code plt.imshow(m); plt.colorbar()}), for a quick look at any matrix.
     */
    public static JFreeChart heatmap(Tensor matrix, String title) {
        int[] shape = matrix.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("Charts.heatmap: expected a matrix [rows, columns], got " + Shape.str(shape));
        }
        return heatmap(matrix, indices(shape[0]), indices(shape[1]), title);
    }

    private static List<String> indices(int n) {
        List<String> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) labels.add(Integer.toString(i));
        return labels;
    }

    /** The heat map of an engine {@link Heatmap} (what patching and attribution results offer to draw). */
    public static JFreeChart heatmap(Heatmap heatmap) {
        return heatmap(heatmap.values(), heatmap.rowLabels(), heatmap.columnLabels(), heatmap.title());
    }

    /**
     * Attention patterns as pictures: one small heat map per head, the tokens on both axes (row: the
     * query position that looks, column: the key position it looks at), all on one 0..1 scale with
     * one colour bar (circuitsvis's {@code attention_patterns}, TransformerLens's pattern plots).
     * The number of columns is the one that draws the maps largest.
     *
     * <pre>{@code
     * var cache = Interp.runWithCache(gpt, tokens).cache();
     * Charts.attention(cache.get("blocks.0.attn.hook_pattern"), List.of("T", "h", "e", " ", "c", "a", "t"), "Layer 0")
     * }</pre>
     *
     * @param pattern {@code [heads, T, T]}, {@code [T, T]} (one head), or {@code [1, heads, T, T]} (a cached
     *                batch of one sequence), on any device
     * @param tokens  one per position, {@code T} in all; whitespace is drawn visible ({@code ↵}, {@code ␣})
     */
    public static JFreeChart attention(Tensor pattern, List<String> tokens, String title) {
        int[] shape = pattern.shape();
        int[] hts;
        if (shape.length == 2) {
            hts = new int[]{1, shape[0], shape[1]};
        } else if (shape.length == 3) {
            hts = shape;
        } else if (shape.length == 4 && shape[0] == 1) {
            hts = new int[]{shape[1], shape[2], shape[3]};
        } else {
            throw new IllegalArgumentException("Charts.attention: expected a pattern [heads, T, T], [T, T] or [1, heads, T, T], got "
                    + Shape.str(shape) + (shape.length == 4 ? " (pick one sequence of the batch: pattern.select(0, i))" : ""));
        }
        if (hts[1] != hts[2] || tokens.size() != hts[2]) {
            throw new IllegalArgumentException("Charts.attention: expected a square pattern with one token per position, got a pattern "
                    + Shape.str(shape) + " and " + tokens.size() + " tokens");
        }
        return HeatmapChart.attention(pattern.toFloatArray(), hts[0], hts[1], hts[2], tokens, tokens,
                title == null ? "" : title);
    }

    /**
     * {@link #attention} with a layer and a head selector: a widget with a drop-down of the cached
     * layers ({@code blocks.N.attn.hook_pattern}) and buttons for the heads ("all" or one), the
     * map redrawn when either changes (circuitsvis's attention view). Without a live kernel it
     * shows the last layer's heads.
     *
     * <pre>{@code
     * var cache = Interp.runWithCache(gpt, tokens).cache();
     * Charts.attentionExplorer(cache, List.of("T", "h", "e", " ", "c", "a", "t"))
     * }</pre>
     *
     * @param cache  a cache with the attention patterns, {@code [1, heads, T, T]} (of a batch, the first sequence is shown)
     * @param tokens one per position, {@code T} in all
     */
    public static AttentionExplorer attentionExplorer(ActivationCache cache, List<String> tokens) {
        return new AttentionExplorer(cache, tokens);
    }

    /**
     * Pictures with a heat map over each, such as Grad-CAM or another attribution: each picture in
     * grey, its heat map on top in turbo colours (pytorch-grad-cam's {@code show_cam_on_image},
     * Captum's {@code visualize_image_attr(method="blended_heat_map")}), 15% opaque where the heat map
     * is 0 up to 70% where it is largest, so the picture shows through where the heat is weak.
     * Each heat map is scaled by its own largest absolute value (so 1, dark red, is where that
     * picture's attribution is strongest); the colour bar shows that share. A heat map smaller
     * than its picture is stretched over it smoothly.
     *
     * <pre>{@code
     * Charts.overlay(x, Attribution.gradCam(model, "features.3", x, 0), "T-shirt (taken for Shirt)")
     * }</pre>
     *
     * @param images   {@code [N, 1, H, W]}, {@code [N, 3, H, W]} or {@code [N, H, W]}, as {@link #images}
     * @param heatmaps {@code [N, h, w]} or {@code [N, 1, h, w]}, any sign
     * @param captions one per picture, or fewer
     */
    public static JFreeChart overlay(Tensor images, Tensor heatmaps, String... captions) {
        return overlay(images, heatmaps, List.of(captions));
    }

    /** {@link #overlay(Tensor, Tensor, String...)} with the captions in a list. */
    public static JFreeChart overlay(Tensor images, Tensor heatmaps, List<String> captions) {
        int[] is = images.shape(), hs = heatmaps.shape();
        if (!(is.length == 3 || is.length == 4 && (is[1] == 1 || is[1] == 3))) {
            throw new IllegalArgumentException("Charts.overlay: expected images [N, 1, H, W], [N, 3, H, W] or [N, H, W], got "
                    + Shape.str(is));
        }
        if (!(hs.length == 3 || hs.length == 4 && hs[1] == 1) || hs[0] != is[0]) {
            throw new IllegalArgumentException("Charts.overlay: expected heat maps [" + is[0] + ", h, w] (one per image), got "
                    + Shape.str(hs) + " for images " + Shape.str(is));
        }
        if (captions.size() > is[0]) {
            throw new IllegalArgumentException("Charts.overlay: " + captions.size() + " captions for " + is[0] + " images");
        }
        Tensor pictures = is.length == 3 ? images.reshape(is[0], 1, is[1], is[2]) : images;
        Tensor heat = hs.length == 4 ? heatmaps.reshape(hs[0], hs[2], hs[3]) : heatmaps;
        return OverlayChart.of(Overlays.of(pictures, heat), captions, Overlays.SCALE);
    }

    /**
     * A line chart of the user's own numbers in the project's style (matplotlib's {@code plt.plot}
     * per series with {@code plt.legend()}): one line per name, value {@code i} drawn at x = {@code i},
     * in the monitor's colours; NaN and infinite values are left out.
     *
     * <pre>{@code
     * Charts.line("Loss", "epoch", "loss", Map.of("train", trainLoss, "test", testLoss))
     * }</pre>
     */
    public static JFreeChart line(String title, String xLabel, String yLabel, Map<String, double[]> series) {
        return line(title, xLabel, yLabel, series, false);
    }

    /**
     * {@link #line(String, String, String, Map)}, with {@code logY} the values on a log axis
     * ({@code plt.yscale("log")}) labelled at every power of ten; zero and negative values, which a
     * log axis cannot place, are left out, so the axis spans only the values that carry information.
     */
    public static JFreeChart line(String title, String xLabel, String yLabel, Map<String, double[]> series, boolean logY) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("Charts.line: expected at least one series (name to values), got none");
        }
        series.forEach((name, values) -> {
            if (values == null) throw new IllegalArgumentException("Charts.line: series '" + name + "' has no values (null)");
        });
        return LineChart.of(title, xLabel, yLabel, series, logY);
    }

    /**
     * Gives {@code chart}, made any way (JFreeChart's {@code ChartFactory}, say), the look of the
     * monitor's charts, and returns it: {@link dev.hookbook.viz.chart.ChartStyle#apply}.
     */
    public static JFreeChart style(JFreeChart chart) {
        return dev.hookbook.viz.chart.ChartStyle.apply(chart);
    }

    /**
     * The decision boundary of a network with two inputs and one output, as TensorFlow Playground
     * draws it: the network's output over the plane, orange where it says -1, white at 0 and blue
     * at +1, with the data points on top (blue where the label is positive, orange elsewhere). The
     * square is the Playground's [-6, 6]², widened to take in points that lie further out. Runs
     * the model without recording gradients, on the points' device. (scikit-learn's
     * {@code DecisionBoundaryDisplay} with the points scattered on top.)
     *
     * <pre>{@code
     * var data = ToyData.circle(200, 0.1f, 1);
     * Charts.decisionBoundary(model, data.x(), data.y())
     * }</pre>
     *
     * @param model  maps {@code [N, 2]} to {@code [N, 1]} or {@code [N]}, ideally in [-1, 1] (a tanh output)
     * @param points {@code [N, 2]}
     * @param labels {@code N} labels ({@code [N]} or {@code [N, 1]}): positive for the blue class
     */
    public static JFreeChart decisionBoundary(dev.hookbook.nn.Module model, Tensor points, Tensor labels) {
        float[] xy = planePoints("Charts.decisionBoundary", points, labels);
        double extent = PlaneMaps.extent(xy);
        float[] field = PlaneMaps.output("Charts.decisionBoundary", model, extent, points);
        return dev.hookbook.viz.chart.PlaneChart.decisionBoundary(field, PlaneMaps.SIDE, extent, xy,
                labels.toFloatArray(), "Decision boundary");
    }

    /**
     * Every hidden neuron of a two-input network drawn over the plane, small multiples in one row
     * per hidden layer, as TensorFlow Playground draws its neurons: what each neuron computes at
     * each point, orange negative, white 0, blue positive, each map on its own scale. A hidden
     * layer is what goes into each {@code Linear} after the first (the activation's output, or the
     * {@code Linear}'s own where there is no activation). The square is that of
     * {@link #decisionBoundary} for the same {@code points}.
     *
     * <pre>{@code
     * Charts.neuronMaps(model, data.x())
     * }</pre>
     *
     * @param model  a {@code Sequential} of {@code Linear} layers and activations taking {@code [N, 2]}
     * @param points {@code [N, 2]}: the data, which sets the square
     */
    public static JFreeChart neuronMaps(dev.hookbook.nn.Sequential model, Tensor points) {
        float[] xy = planePoints("Charts.neuronMaps", points, null);
        double extent = PlaneMaps.extent(xy);
        return dev.hookbook.viz.chart.PlaneChart.neuronMaps(PlaneMaps.hidden(model, extent, points), PlaneMaps.SIDE,
                "Hidden neurons");
    }

    private static float[] planePoints(String caller, Tensor points, Tensor labels) {
        int[] shape = points.shape();
        if (shape.length != 2 || shape[1] != 2) {
            throw new IllegalArgumentException(caller + ": expected points [N, 2] (two coordinates each), got " + Shape.str(shape));
        }
        if (labels != null && labels.numel() != shape[0]) {
            throw new IllegalArgumentException(caller + ": expected one label per point (" + shape[0] + "), got labels "
                    + Shape.str(labels.shape()) + " for points " + Shape.str(shape));
        }
        return points.toFloatArray();
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }
}

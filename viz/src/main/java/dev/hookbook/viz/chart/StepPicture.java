package dev.hookbook.viz.chart;

import dev.hookbook.viz.ActivationStats;
import dev.hookbook.viz.StepSnapshot;
import org.jfree.chart.JFreeChart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One module at one step, as the monitor's explorer draws it: the histogram of its output and of
 * the gradient at its output side by side and, for a convolution, its feature maps below.
 */
public final class StepPicture {
    /** The width of the picture. */
    public static final int WIDTH = 900;
    private static final int HISTOGRAMS_HEIGHT = 330;
    private static final int MAPS_HEIGHT = 470;

    private StepPicture() {}

    /**
     * Draws module {@code path} (of type {@code kind}) in {@code snapshot}; {@code lastStep} is the
     * last step recorded, for the title; {@code name} is the monitor's name ("" for none).
     */
    public static BufferedImage draw(StepSnapshot snapshot, String path, String kind, int lastStep, String name) {
        String label = MonitorCharts.label(path) + " (" + kind + ")";
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("output", "its output values");
        cells.put("gradient", "the gradient of the loss at its output");
        HistogramGrid histograms = new HistogramGrid(
                ChartStyle.titled(label + " at step " + snapshot.step() + " of " + lastStep, name),
                "What the layer output in this training step, and what gradient came back to that output (sampled values)",
                cells, "not recorded in this step");
        if (snapshot.activations().containsKey(path)) {
            histograms.set("output", snapshot.activations().get(path), activationNote(snapshot.stats().activations().get(path)));
        }
        if (snapshot.gradients().containsKey(path)) {
            Double norm = snapshot.stats().outputGradNorms().get(path);
            histograms.set("gradient", snapshot.gradients().get(path), "L2 norm " + (norm == null ? "n/a" : MonitorCharts.figure(norm)));
        }
        JFreeChart maps = null;
        if (snapshot.featureMaps().containsKey(path)) {
            FeatureMapChart chart = new FeatureMapChart(MonitorCharts.label(path), kind, name);
            chart.set(snapshot.featureMaps().get(path));
            maps = chart.chart();
        }
        BufferedImage image = new BufferedImage(WIDTH, HISTOGRAMS_HEIGHT + (maps == null ? 0 : MAPS_HEIGHT), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, image.getWidth(), image.getHeight());
            histograms.chart().draw(g2, new Rectangle(0, 0, WIDTH, HISTOGRAMS_HEIGHT));
            if (maps != null) {
                // Square pixels: the tiles' plot as wide as their grid is, the colour bar beside it.
                int channels = snapshot.featureMaps().get(path).channels();
                int perRow = Math.max(1, (int) Math.ceil(Math.sqrt(channels)));
                int rows = (channels + perRow - 1) / perRow;
                int width = Math.min(WIDTH, (MAPS_HEIGHT - 70) * perRow / rows + 120);
                maps.draw(g2, new Rectangle((WIDTH - width) / 2, HISTOGRAMS_HEIGHT, width, MAPS_HEIGHT));
            }
        } finally {
            g2.dispose();
        }
        return image;
    }

    private static String activationNote(ActivationStats s) {
        if (s == null) return "";
        return "mean " + MonitorCharts.figure(s.mean()) + " \u00b7 std " + MonitorCharts.figure(s.std())
                + " \u00b7 zeros " + ChartStyle.percent(s.zeroFraction());
    }
}

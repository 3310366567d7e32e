package dev.hookbook.viz;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;
import dev.hookbook.interp.Heatmap;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.chart.ColorRamp;
import dev.hookbook.viz.chart.GridPlot;
import dev.hookbook.viz.chart.LabelAxis;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.Title;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pictures for interpretability: heat maps, attention patterns and overlays, drawn and looked at pixel by pixel. */
class InterpChartsTest {

    // ---- heat maps ----

    @Test
    void signedValuesAreBlueWhiteRedCentredOnZero() {
        JFreeChart chart = Charts.heatmap(Tensor.of(new float[]{-2, 0, 1, 2}, 2, 2), List.of("a", "b"), List.of("x", "y"), "signed");
        Drawn drawn = Drawn.of(chart, 600, 400);
        ColorRamp scale = ColorRamp.diverging(2);
        assertColour((Color) scale.getPaint(-2), drawn.cell(0, 0, 2, 2), "-2 at the top left");
        assertColour((Color) scale.getPaint(0), drawn.cell(0, 1, 2, 2), "0");
        assertColour((Color) scale.getPaint(1), drawn.cell(1, 0, 2, 2), "1 in the second row");
        assertColour((Color) scale.getPaint(2), drawn.cell(1, 1, 2, 2), "2");
        Color low = drawn.cell(0, 0, 2, 2), zero = drawn.cell(0, 1, 2, 2), high = drawn.cell(1, 1, 2, 2);
        assertTrue(low.getBlue() > low.getRed() + 80, "negative is blue: " + low);
        assertTrue(high.getRed() > high.getBlue() + 80, "positive is red: " + high);
        assertTrue(zero.getRed() > 240 && zero.getGreen() > 240 && zero.getBlue() > 240, "zero is near white: " + zero);
    }

    @Test
    void nonNegativeValuesAreViridisFromZeroToTheLargest() {
        JFreeChart chart = Charts.heatmap(Tensor.of(new float[]{0, 1, 2, 4}, 2, 2), List.of("a", "b"), List.of("x", "y"), "counts");
        Drawn drawn = Drawn.of(chart, 600, 400);
        ColorRamp scale = new ColorRamp(0, 4);
        assertColour((Color) scale.getPaint(0), drawn.cell(0, 0, 2, 2), "0 is viridis' dark purple");
        assertColour((Color) scale.getPaint(2), drawn.cell(1, 0, 2, 2), "2");
        assertColour(new Color(0xFDE725), drawn.cell(1, 1, 2, 2), "the largest is viridis' yellow");
        PaintScaleLegend bar = colourBar(chart);
        assertEquals(0, bar.getScale().getLowerBound());
        assertEquals(4, bar.getScale().getUpperBound());
    }

    @Test
    void theColourBarIsDrawnBesideTheCells() {
        JFreeChart chart = Charts.heatmap(Tensor.of(new float[]{-3, 3}, 1, 2), List.of("a"), List.of("x", "y"), "bar");
        PaintScaleLegend bar = colourBar(chart);
        assertEquals(-3, bar.getScale().getLowerBound(), "centred on 0: from minus the largest |value|");
        assertEquals(3, bar.getScale().getUpperBound());
        Drawn drawn = Drawn.of(chart, 600, 400);
        Rectangle2D cells = drawn.dataArea;
        Set<Integer> right = new HashSet<>();
        for (int x = (int) cells.getMaxX() + 2; x < 600; x++) {
            for (int y = 0; y < 400; y++) right.add(drawn.image.getRGB(x, y) & 0xFFFFFF);
        }
        assertTrue(right.stream().anyMatch(rgb -> close(new Color(rgb), new Color(0x2166AC), 12)), "the bar's blue end");
        assertTrue(right.stream().anyMatch(rgb -> close(new Color(rgb), new Color(0xB2182B), 12)), "the bar's red end");
        assertTrue(right.size() > 60, "a ramp of colours, not one: " + right.size());
    }

    @Test
    void notANumberStaysGreyAndSaysSo() {
        JFreeChart chart = Charts.heatmap(Tensor.of(new float[]{1, Float.NaN}, 1, 2), List.of("a"), List.of("x", "y"), "nan");
        Drawn drawn = Drawn.of(chart, 600, 400);
        assertColour(new Color(0xBDBDBD), drawn.cell(0, 1, 1, 2), "the NaN cell");
        assertTrue(subtitles(chart).contains("Grey: not a number"), subtitles(chart));
    }

    @Test
    void largeCellsPrintTheirValuesSmallOnesDoNot() {
        JFreeChart few = Charts.heatmap(Tensor.of(new float[]{0.5f, 0.25f}, 1, 2), List.of("a"), List.of("x", "y"), "few");
        Drawn drawn = Drawn.of(few, 600, 400);
        assertTrue(drawn.darkPixelsInCell(0, 0, 1, 2) > 10, "0.500 printed in the light cell");
        int n = 48;
        float[] v = new float[n * n];
        java.util.Arrays.fill(v, 0.5f);
        JFreeChart many = Charts.heatmap(Tensor.of(v, n, n), labels("r", n), labels("c", n), "many");
        Drawn small = Drawn.of(many, 600, 400);
        assertEquals(0, small.darkPixelsInCell(10, 10, n, n), "no text in 5-pixel cells");
    }

    @Test
    void manyLabelsAreThinnedEvenlyAndLongOnesStandUpright() {
        int n = 64;
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) v[i] = i % 7;
        JFreeChart chart = Charts.heatmap(Tensor.of(v, n, n), labels("row ", n), labels("column ", n), "64 x 64");
        XYPlot plot = chart.getXYPlot();
        LabelAxis rows = (LabelAxis) plot.getRangeAxis(), columns = (LabelAxis) plot.getDomainAxis();
        assertEquals(labels("row ", n), List.of(rows.getSymbols()));
        assertTrue(rows.isInverted(), "the first row at the top");
        Drawn.of(chart, 640, 400);
        assertTrue(rows.labelStep() > 1 && rows.labelStep() <= 8, "every k-th row labelled, k = " + rows.labelStep());
        assertTrue(columns.isVerticalTickLabels(), "'column 12' is wider than its cell: upright");
        assertTrue(columns.labelStep() > 1, "thinned: " + columns.labelStep());
        Drawn.of(chart, 1800, 1800);
        assertEquals(1, rows.labelStep(), "room for every label");
        assertEquals(1, columns.labelStep());
    }

    @Test
    void aQuickLookLabelsRowsAndColumnsByIndex() {
        JFreeChart chart = Charts.heatmap(Tensor.zeros(2, 3), "quick");
        assertEquals(List.of("0", "1"), List.of(((LabelAxis) chart.getXYPlot().getRangeAxis()).getSymbols()));
        assertEquals(List.of("0", "1", "2"), List.of(((LabelAxis) chart.getXYPlot().getDomainAxis()).getSymbols()));
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.heatmap(Tensor.zeros(4), "t"));
        assertEquals("Charts.heatmap: expected a matrix [rows, columns], got [4]", e.getMessage());
    }

    @Test
    void whitespaceTokensAreDrawnVisible() {
        JFreeChart chart = Charts.heatmap(Tensor.of(new float[]{1, 2, 3}, 1, 3), List.of("a"), List.of(" ", "\n", "cat"), "tokens");
        assertEquals(List.of("␣", "↵", "cat"), List.of(((LabelAxis) chart.getXYPlot().getDomainAxis()).getSymbols()));
    }

    @Test
    void theEngineHeatmapDrawsAsItsChartAndShowsInANotebook() {
        Heatmap heatmap = new Heatmap(Tensor.of(new float[]{1, -1, 0.5f, 0}, 2, 2), List.of("layer 0", "layer 1"),
                List.of("pos 0", "pos 1"), "Patching");
        JFreeChart chart = Charts.heatmap(heatmap);
        assertEquals("Patching", chart.getTitle().getText());
        assertEquals(List.of("layer 0", "layer 1"), List.of(((LabelAxis) chart.getXYPlot().getRangeAxis()).getSymbols()));

        MimeRenderer<?> renderer = new VizRenderers().renderers().stream().filter(r -> r.renders(heatmap)).findFirst().orElseThrow();
        MimeBundle bundle = renderer.render(heatmap, Set.of(MimeBundle.PNG));
        assertTrue(bundle.data().containsKey(MimeBundle.PNG), "drawn as a picture");
        assertEquals(heatmap.toString(), bundle.plainText(), "its table for clients without pictures");
    }

    @Test
    void heatmapBadInputIsOneLineWithTheShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Charts.heatmap(Tensor.zeros(2, 3, 4), List.of("a", "b"), List.of("x"), "t"));
        assertEquals("Charts.heatmap: expected a matrix [rows, columns], got [2, 3, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Charts.heatmap(Tensor.zeros(2, 3), List.of("a"), List.of("x", "y", "z"), "t"));
        assertEquals("Charts.heatmap: expected 2 row labels and 3 column labels for a matrix [2, 3], got 1 and 3", e.getMessage());
    }

    // ---- attention patterns ----

    @Test
    void attentionDrawsOneMapPerHeadOnOneScale() {
        // Two heads over three tokens: head 0 looks at the first token, head 1 at the previous one.
        float[] p = {
                1, 0, 0, 1, 0, 0, 1, 0, 0,
                1, 0, 0, 1, 0, 0, 0, 1, 0};
        JFreeChart chart = Charts.attention(Tensor.of(p, 2, 3, 3), List.of("a", "b", "\n"), "Block 0");
        GridPlot grid = (GridPlot) chart.getPlot();
        assertEquals(2, grid.cells().size(), "one map per head");
        XYPlot head1 = (XYPlot) grid.cells().get(1);
        assertEquals(9, head1.getDataset().getItemCount(0));
        assertEquals("head 1", head1.getDomainAxis(1).getLabel(), "each map is captioned with its head");
        assertEquals(List.of("a", "b", "↵"), List.of(((LabelAxis) head1.getRangeAxis()).getSymbols()), "queries down the side");
        assertEquals(List.of("a", "b", "↵"), List.of(((LabelAxis) head1.getDomainAxis()).getSymbols()), "keys along the bottom");
        PaintScaleLegend bar = colourBar(chart);
        assertEquals(0, bar.getScale().getLowerBound());
        assertEquals(1, bar.getScale().getUpperBound(), "weights on one 0..1 scale");

        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(800, 400, info);
        Rectangle2D area = info.getPlotInfo().getSubplotInfo(1).getDataArea();
        // head 1, query 2 ("\n") looks at key 1 ("b"): a yellow cell; key 2 is dark.
        assertColour(new Color(0xFDE725), pixel(image, area, 2, 1, 3, 3), "weight 1");
        assertColour(new Color(0x440154), pixel(image, area, 2, 2, 3, 3), "weight 0");
    }

    @Test
    void attentionTakesOneHeadOrACachedBatchOfOne() {
        float[] p = {1, 0, 0.5f, 0.5f};
        GridPlot one = (GridPlot) Charts.attention(Tensor.of(p, 2, 2), List.of("x", "y"), "one").getPlot();
        assertEquals(1, one.cells().size());
        GridPlot cached = (GridPlot) Charts.attention(Tensor.of(p, 1, 1, 2, 2), List.of("x", "y"), "cached").getPlot();
        assertEquals(1, cached.cells().size());
    }

    @Test
    void attentionBadInputIsOneLineWithTheShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Charts.attention(Tensor.zeros(2, 4, 3, 3), List.of("a", "b", "c"), "t"));
        assertEquals("Charts.attention: expected a pattern [heads, T, T], [T, T] or [1, heads, T, T], got [2, 4, 3, 3]"
                + " (pick one sequence of the batch: pattern.select(0, i))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Charts.attention(Tensor.zeros(4, 3, 3), List.of("a", "b"), "t"));
        assertEquals("Charts.attention: expected a square pattern with one token per position, got a pattern [4, 3, 3] and 2 tokens",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Charts.attention(Tensor.zeros(4, 3, 5), List.of("a", "b", "c"), "t"));
        assertTrue(e.getMessage().contains("[4, 3, 5]"), e.getMessage());
    }

    // ---- overlays ----

    @Test
    void theHeatIsLaidOverTheGreyPictureMoreOpaqueWhereStronger() {
        // A black picture, heat 2 at the top left and 0 elsewhere: dark red at 70% there, the scale's 0 at 15% elsewhere.
        float[] heat = new float[16];
        heat[0] = 2;
        BufferedImage picture = Overlays.of(Tensor.zeros(1, 1, 4, 4), Tensor.of(heat, 1, 4, 4)).get(0);
        assertColour(blend(Color.BLACK, (Color) Overlays.SCALE.getPaint(1), Overlays.MOST_OPAQUE), new Color(picture.getRGB(0, 0)), "hot");
        assertColour(blend(Color.BLACK, (Color) Overlays.SCALE.getPaint(0), Overlays.LEAST_OPAQUE), new Color(picture.getRGB(3, 3)), "cold");
    }

    @Test
    void eachHeatMapIsScaledByItsOwnLargestAbsoluteValue() {
        // Two pictures whose heat maps differ by a factor of 100, and by sign: each one's strongest pixel is dark red.
        float[] heat = {0, 0, 0, 100, 0, 0, 0, -1};
        List<BufferedImage> pictures = Overlays.of(Tensor.zeros(2, 1, 2, 2), Tensor.of(heat, 2, 2, 2));
        Color hot = blend(Color.BLACK, (Color) Overlays.SCALE.getPaint(1), Overlays.MOST_OPAQUE);
        assertColour(hot, new Color(pictures.get(0).getRGB(1, 1)), "picture 0");
        assertColour(hot, new Color(pictures.get(1).getRGB(1, 1)), "picture 1, negative");
    }

    @Test
    void colourPicturesTurnGreyAndNaNHeatLeavesThemBare() {
        float[] red = new float[3 * 4];
        java.util.Arrays.fill(red, 0, 4, 1f);                  // red channel 1, green and blue 0
        float[] heat = new float[4];
        java.util.Arrays.fill(heat, Float.NaN);
        BufferedImage picture = Overlays.of(Tensor.of(red, 1, 3, 2, 2), Tensor.of(heat, 1, 2, 2)).get(0);
        Color c = new Color(picture.getRGB(1, 1));
        assertEquals(76, c.getRed(), 1, "red's luminance");
        assertEquals(c.getRed(), c.getGreen());
        assertEquals(c.getRed(), c.getBlue());
    }

    @Test
    void aSmallerHeatMapIsStretchedOverItsPicture() {
        float[] heat = {1, 0, 0, 0};
        BufferedImage picture = Overlays.of(Tensor.zeros(1, 1, 8, 8), Tensor.of(heat, 1, 2, 2)).get(0);
        assertEquals(8, picture.getWidth());
        assertEquals(8, picture.getHeight());
        Color corner = new Color(picture.getRGB(0, 0)), far = new Color(picture.getRGB(7, 7));
        assertTrue(corner.getRed() > far.getRed() + 50, "hot in the top-left quarter: " + corner + " vs " + far);
    }

    @Test
    void overlayChartHasCaptionsAndAColourBar(@TempDir Path dir) throws Exception {
        float[] heat = new float[2 * 28 * 28];
        heat[3 * 28 + 5] = 1;
        JFreeChart chart = Charts.overlay(Tensor.rand(2, 28, 28), Tensor.of(heat, 2, 1, 28, 28), "Shirt (taken for T-shirt/top)");
        PaintScaleLegend bar = colourBar(chart);
        assertEquals(0, bar.getScale().getLowerBound());
        assertEquals(1, bar.getScale().getUpperBound());
        assertTrue(subtitles(chart).contains("largest |value|"), subtitles(chart));
        Path file = dir.resolve("overlay.png");
        Charts.savePng(chart, file, 640, 400);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(640, image.getWidth());
        assertTrue(distinctColours(image) > 100, "pictures and a ramp, not a blank page");
    }

    @Test
    void overlayBadInputIsOneLineWithTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.overlay(Tensor.zeros(2, 2, 4, 4), Tensor.zeros(2, 4, 4)));
        assertEquals("Charts.overlay: expected images [N, 1, H, W], [N, 3, H, W] or [N, H, W], got [2, 2, 4, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Charts.overlay(Tensor.zeros(2, 1, 4, 4), Tensor.zeros(3, 4, 4)));
        assertEquals("Charts.overlay: expected heat maps [2, h, w] (one per image), got [3, 4, 4] for images [2, 1, 4, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Charts.overlay(Tensor.zeros(2, 1, 4, 4), Tensor.zeros(2, 3, 4, 4)));
        assertTrue(e.getMessage().contains("[2, 3, 4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Charts.overlay(Tensor.zeros(1, 4, 4), Tensor.zeros(1, 4, 4), "a", "b"));
        assertEquals("Charts.overlay: 2 captions for 1 images", e.getMessage());
    }

    @Test
    void everyPictureRendersToASizedNonBlankPng(@TempDir Path dir) throws Exception {
        List<JFreeChart> charts = List.of(
                Charts.heatmap(Tensor.randn(5, 7), labels("r", 5), labels("c", 7), "heat"),
                Charts.attention(Tensor.rand(4, 6, 6), labels("t", 6), "attention"),
                Charts.overlay(Tensor.rand(3, 1, 8, 8), Tensor.rand(3, 8, 8)));
        for (int i = 0; i < charts.size(); i++) {
            Path file = dir.resolve(i + ".png");
            Charts.savePng(charts.get(i), file, 700, 450);
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image);
            assertEquals(700, image.getWidth());
            assertEquals(450, image.getHeight());
            assertTrue(distinctColours(image) > 30, "chart " + i + " is not blank");
            assertFalse(Charts.svg(charts.get(i), 700, 450).isEmpty());
        }
    }

    // ---- helpers ----

    /** A chart drawn once, with where its cells went. */
    private record Drawn(BufferedImage image, Rectangle2D dataArea) {
        static Drawn of(JFreeChart chart, int width, int height) {
            ChartRenderingInfo info = new ChartRenderingInfo();
            BufferedImage image = chart.createBufferedImage(width, height, info);
            return new Drawn(image, info.getPlotInfo().getDataArea());
        }

        /** The colour of cell (row, column) away from its centre, where a printed value would be. */
        Color cell(int row, int column, int rows, int columns) {
            return pixel(image, dataArea, row, column, rows, columns);
        }

        int darkPixelsInCell(int row, int column, int rows, int columns) {
            double w = dataArea.getWidth() / columns, h = dataArea.getHeight() / rows;
            int count = 0;
            for (int y = (int) Math.ceil(dataArea.getY() + row * h + 1); y < dataArea.getY() + (row + 1) * h - 1; y++) {
                for (int x = (int) Math.ceil(dataArea.getX() + column * w + 1); x < dataArea.getX() + (column + 1) * w - 1; x++) {
                    Color c = new Color(image.getRGB(x, y));
                    if (c.getRed() + c.getGreen() + c.getBlue() < 200) count++;
                }
            }
            return count;
        }
    }

    /** The pixel a fifth of the way into cell (row, column) of a map drawn in {@code area}, the first row at the top. */
    private static Color pixel(BufferedImage image, Rectangle2D area, int row, int column, int rows, int columns) {
        double w = area.getWidth() / columns, h = area.getHeight() / rows;
        int x = (int) (area.getX() + (column + 0.2) * w), y = (int) (area.getY() + (row + 0.2) * h);
        return new Color(image.getRGB(x, y));
    }

    private static PaintScaleLegend colourBar(JFreeChart chart) {
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof PaintScaleLegend legend) return legend;
        }
        throw new AssertionError("no colour bar");
    }

    private static String subtitles(JFreeChart chart) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title t = chart.getSubtitle(i);
            if (t instanceof org.jfree.chart.title.TextTitle text) sb.append(text.getText()).append('\n');
        }
        return sb.toString();
    }

    private static List<String> labels(String prefix, int n) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) labels.add(prefix + i);
        return labels;
    }

    private static Color blend(Color under, Color over, float alpha) {
        return new Color(Math.round(under.getRed() * (1 - alpha) + over.getRed() * alpha),
                Math.round(under.getGreen() * (1 - alpha) + over.getGreen() * alpha),
                Math.round(under.getBlue() * (1 - alpha) + over.getBlue() * alpha));
    }

    private static void assertColour(Color expected, Color actual, String what) {
        assertTrue(close(expected, actual, 3), what + ": expected " + expected + ", drawn " + actual);
    }

    private static boolean close(Color a, Color b, int tolerance) {
        return Math.abs(a.getRed() - b.getRed()) <= tolerance && Math.abs(a.getGreen() - b.getGreen()) <= tolerance
                && Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) colours.add(image.getRGB(x, y));
        }
        return colours.size();
    }
}

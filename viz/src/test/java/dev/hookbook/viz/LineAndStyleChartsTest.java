package dev.hookbook.viz;

import dev.hookbook.viz.chart.ChartStyle;
import dev.hookbook.viz.chart.DecadeAxis;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's own line chart, and the project's style applied to a chart made with JFreeChart's factory. */
class LineAndStyleChartsTest {

    @Test
    void aLinePerNamedSeriesInThePalettesColours() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train", new double[]{2.0, 1.5, 1.0, 0.8});
        series.put("test", new double[]{2.1, 1.7, Double.NaN, 1.2});
        JFreeChart chart = Charts.line("Loss", "epoch", "loss", series);
        XYPlot plot = chart.getXYPlot();
        XYDataset data = plot.getDataset();
        assertEquals(2, data.getSeriesCount());
        assertEquals("train", data.getSeriesKey(0));
        assertEquals(4, data.getItemCount(0));
        assertEquals(3, data.getItemCount(1), "NaN left out");
        assertEquals(3.0, data.getXValue(1, 2), "value i at x = i: the point after the gap keeps its place");
        assertEquals(ChartStyle.PALETTE.get(0), plot.getRenderer().getSeriesPaint(0));
        assertEquals(ChartStyle.PALETTE.get(1), plot.getRenderer().getSeriesPaint(1));
        assertEquals("epoch", plot.getDomainAxis().getLabel());
        assertEquals("loss", plot.getRangeAxis().getLabel());
        assertEquals(Color.WHITE, plot.getBackgroundPaint());
        assertTrue(chart.getLegend() != null, "two series: a legend");
        assertNull(Charts.line("Loss", "step", "loss", Map.of("loss", new double[]{1, 2})).getLegend(), "one series: none");
    }

    @Test
    void aLogAxisLeavesOutWhatItCannotPlaceAndSpansTheRest() {
        double[] lr = {1e-1, 1e-2, 1e-3, 0, -1};          // a schedule that reaches 0
        JFreeChart chart = Charts.line("Learning rate", "step", "lr", Map.of("lr", lr), true);
        XYPlot plot = chart.getXYPlot();
        assertInstanceOf(DecadeAxis.class, plot.getRangeAxis());
        assertEquals(3, plot.getDataset().getItemCount(0), "0 and -1 left out");
        chart.createBufferedImage(600, 400);
        assertEquals(1e-3, plot.getRangeAxis().getLowerBound(), 1e-12, "down to the smallest positive value, not 1e-12");
        assertEquals(1e-1, plot.getRangeAxis().getUpperBound(), 1e-12);
    }

    @Test
    void lineBadInputIsOneLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.line("t", "x", "y", Map.of()));
        assertEquals("Charts.line: expected at least one series (name to values), got none", e.getMessage());
        Map<String, double[]> withNull = new LinkedHashMap<>();
        withNull.put("loss", null);
        e = assertThrows(IllegalArgumentException.class, () -> Charts.line("t", "x", "y", withNull));
        assertEquals("Charts.line: series 'loss' has no values (null)", e.getMessage());
    }

    @Test
    void applyGivesAFactoryChartTheMonitorsLook() {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int s = 0; s < 7; s++) {
            XYSeries series = new XYSeries("s" + s);
            for (int i = 0; i < 10; i++) series.add(i, Math.sin(i + s));
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Mine", "x", "y", data);
        Color before = plotColour(chart);
        assertNotEquals(Color.WHITE, before, "JFreeChart's own look: a grey plot");

        JFreeChart same = ChartStyle.apply(chart);
        assertTrue(same == chart, "restyled in place");
        assertEquals(Color.WHITE, plotColour(chart), "a white plot");
        XYPlot plot = chart.getXYPlot();
        for (int s = 0; s < 7; s++) {
            assertEquals(ChartStyle.color(s), plot.getRenderer().getSeriesPaint(s));
            assertEquals(ChartStyle.stroke(s), plot.getRenderer().getSeriesStroke(s));
        }
        assertEquals(ChartStyle.color(0), ChartStyle.color(5), "five colours, then again");
        assertNotEquals(ChartStyle.stroke(0), ChartStyle.stroke(5), "dashed the second time round");
        assertEquals(Color.WHITE, chart.getBackgroundPaint());
    }

    @Test
    void chartsStyleAppliesItToABarChartWithFlatBars() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(3, "a", "x");
        data.addValue(4, "b", "x");
        JFreeChart chart = Charts.style(ChartFactory.createBarChart("Bars", "k", "v", data));
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        assertInstanceOf(StandardBarPainter.class, bars.getBarPainter(), "flat bars");
        assertEquals(ChartStyle.color(1), bars.getSeriesPaint(1));
        assertEquals(Color.WHITE, plot.getBackgroundPaint());
    }

    @Test
    void applyReachesEachPlotOfACombinedOne() {
        XYSeriesCollection data = new XYSeriesCollection(new XYSeries("a"));
        data.getSeries(0).add(0, 1);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("step"));
        XYPlot top = new XYPlot(data, null, new NumberAxis("loss"), new XYLineAndShapeRenderer());
        combined.add(top);
        ChartStyle.apply(new JFreeChart(combined));
        assertEquals(Color.WHITE, top.getBackgroundPaint());
        assertEquals(ChartStyle.color(0), top.getRenderer().getSeriesPaint(0));
    }

    @Test
    void lineChartsRenderToASizedNonBlankPng(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("line.png");
        Charts.savePng(Charts.line("Loss", "step", "loss", Map.of("a", new double[]{3, 2, 1.5, 1.2}, "b", new double[]{3, 2.5, 2})),
                file, 640, 400);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        assertTrue(InterpChartsTest.distinctColours(image) > 20, "not blank");
    }

    /** The colour of the plot's background, in a corner of the data area where no line passes. */
    private static Color plotColour(JFreeChart chart) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(600, 400, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        return new Color(image.getRGB((int) area.getCenterX() + 3, (int) area.getMaxY() - 3));
    }
}

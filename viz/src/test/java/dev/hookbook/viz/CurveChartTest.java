package dev.hookbook.viz;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Charts.curves: one series per curve, in order, with markers, rendered headless. */
class CurveChartTest {

    @Test
    void eachCurveIsASeriesWithAMarkerAtEveryPoint() {
        Map<String, double[][]> curves = new LinkedHashMap<>();
        curves.put("layer-wise", new double[][]{{0, 88.0}, {50, 87.5}, {90, 61.0}});
        curves.put("global", new double[][]{{0, 88.0}, {50, 87.9}, {90, 79.0}});
        JFreeChart chart = Charts.curves("Pruning", "test accuracy after pruning", "pruned (%)", "accuracy (%)", curves);
        XYDataset data = chart.getXYPlot().getDataset();
        assertEquals(2, data.getSeriesCount());
        assertEquals("layer-wise", data.getSeriesKey(0));
        assertEquals("global", data.getSeriesKey(1));
        assertEquals(3, data.getItemCount(1));
        assertEquals(90.0, data.getXValue(1, 2));
        assertEquals(79.0, data.getYValue(1, 2));
        var renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        assertTrue(renderer.getDefaultShapesVisible(), "a marker at each measured point");
        assertNotEquals(renderer.getSeriesPaint(0), renderer.getSeriesPaint(1));
        assertEquals("pruned (%)", chart.getXYPlot().getDomainAxis().getLabel());
        assertTrue(chart.getLegend() != null, "two curves get a legend");

        BufferedImage image = Charts.image(chart, 600, 300);
        assertEquals(600, image.getWidth());
        int colours = (int) java.util.stream.IntStream.range(0, 600).map(x -> image.getRGB(x, 150)).distinct().count();
        assertTrue(colours > 2, "something is drawn across the plot");
    }

    @Test
    void aPointWithoutTwoValuesIsRefusedNamingItsCurve() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.curves("t", "e", "x", "y",
                Map.of("global", new double[][]{{0, 1}, {2}})));
        assertEquals("CurveChart: expected {x, y} points in curve 'global', got a point of 1 values", e.getMessage());
    }
}

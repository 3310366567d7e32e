package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.Map;

/**
 * Curves measured at a few points each, such as test accuracy against the share of weights
 * pruned: one line per curve with a marker at every measured point, so a reader sees where the
 * values come from and what is drawn between them.
 */
public final class CurveChart {
    private CurveChart() {}

    /**
     * A chart of {@code curves} (name to {x, y} pairs, drawn in order). The y axis starts where
     * the data start, not at zero; a label ending in {@code "(%)"} still takes plain numbers.
     */
    public static JFreeChart of(String title, String explanation, String xLabel, String yLabel,
                                Map<String, double[][]> curves) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Map.Entry<String, double[][]> curve : curves.entrySet()) {
            XYSeries series = new XYSeries(curve.getKey(), false, true);
            for (double[] point : curve.getValue()) {
                if (point.length != 2) {
                    throw new IllegalArgumentException("CurveChart: expected {x, y} points in curve '" + curve.getKey()
                            + "', got a point of " + point.length + " values");
                }
                series.add(point[0], point[1]);
            }
            dataset.addSeries(series);
            lines.setSeriesPaint(i, ChartStyle.seriesPaint(i));
            lines.setSeriesStroke(i, ChartStyle.seriesStroke(i));
            i++;
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        x.setAutoRangeStickyZero(false); // a point at x = 0 keeps its margin, its marker whole
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(dataset, x, y, lines);
        ChartStyle.plotBackground(plot);
        return ChartStyle.chart(title, explanation, plot, curves.size() > 1);
    }
}

package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.Map;

/**
 * A user's own line chart in the monitor's style: one line per named series, value {@code i} of
 * a series drawn at x = {@code i}. Points that a chart cannot place are left out: NaN and
 * infinities always, zero and negative values on a log axis (whose range then covers only the
 * values that carry information).
 */
public final class LineChart {
    /** Series this short get a marker at every point, so a reader sees where the values are. */
    private static final int MARKERS_UP_TO = 30;

    private LineChart() {}

    /** The chart; {@code logY} puts the values on a log axis labelled at every power of ten. */
    public static JFreeChart of(String title, String xLabel, String yLabel, Map<String, double[]> series, boolean logY) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        int longest = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries line = new XYSeries(e.getKey(), false, true);
            double[] values = e.getValue();
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (Double.isFinite(v) && (!logY || v > 0)) line.add(i, v, false);
            }
            dataset.addSeries(line);
            longest = Math.max(longest, values.length);
        }
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, longest <= MARKERS_UP_TO);
        NumberAxis x = new NumberAxis(xLabel);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        ValueAxis y;
        if (logY) {
            y = ChartStyle.logAxis(yLabel);
        } else {
            NumberAxis linear = new NumberAxis(yLabel);
            linear.setAutoRangeIncludesZero(false);
            y = linear;
        }
        XYPlot plot = new XYPlot(dataset, x, y, lines);
        plot.setNoDataMessage(logY ? "no positive values to draw on a log axis" : "no values to draw");
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, series.size() > 1);
        return ChartStyle.apply(chart);
    }
}

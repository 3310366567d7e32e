package dev.hookbook.viz.chart;

import dev.hookbook.viz.StepStats;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One line per module or parameter over the training steps. New steps are appended as they
 * come, so updating costs the new points only. On a log axis, values that are zero or negative
 * (which it cannot place) are left out. The legend lists only the lines that have points: a
 * module that never had a gradient is not listed.
 */
public final class StepLineChart {
    private final JFreeChart chart;
    private final Map<String, XYSeries> series = new LinkedHashMap<>();
    private final XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    private final boolean log;
    private int stepsAdded;

    /** A chart with one series per key, in order; {@code log} puts the values on a log axis. */
    public StepLineChart(String title, String explanation, List<String> keys, String valueLabel, boolean log) {
        this.log = log;
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (String key : keys) {
            XYSeries s = new XYSeries(key, true, true);
            series.put(key, s);
            dataset.addSeries(s);
        }
        ValueAxis y;
        if (log) {
            y = ChartStyle.logAxis(valueLabel);
        } else {
            NumberAxis linear = new NumberAxis(valueLabel);
            linear.setAutoRangeIncludesZero(false);
            y = linear;
        }
        lines.setDrawSeriesLineAsPath(true); // one path per line: far quicker to draw than a segment per step
        for (int i = 0; i < keys.size(); i++) {
            lines.setSeriesStroke(i, ChartStyle.seriesStroke(i));
            lines.setSeriesPaint(i, ChartStyle.seriesPaint(i));
            lines.setSeriesVisibleInLegend(i, false, false); // until it has a point
        }
        XYPlot plot = new XYPlot(dataset, ChartStyle.stepAxis(), y, lines);
        plot.setNoDataMessage("waiting for the first training step");
        ChartStyle.plotBackground(plot);
        chart = ChartStyle.chart(title, explanation, plot, keys.size() > 1);
    }

    /** Adds the points of the steps in {@code steps} that are not on the chart yet. */
    public void append(List<StepStats> steps, Function<StepStats, Map<String, Double>> values) {
        if (steps.size() <= stepsAdded) return;
        for (int i = stepsAdded; i < steps.size(); i++) {
            StepStats step = steps.get(i);
            Map<String, Double> byKey = values.apply(step);
            for (Map.Entry<String, XYSeries> e : series.entrySet()) {
                Double v = byKey.get(e.getKey());
                if (v != null && Double.isFinite(v) && (!log || v > 0)) e.getValue().add(step.step(), v, false);
            }
        }
        stepsAdded = steps.size();
        int i = 0;
        for (XYSeries s : series.values()) {
            lines.setSeriesVisibleInLegend(i++, s.getItemCount() > 0, false);
            s.fireSeriesChanged();
        }
    }

    public XYPlot plot() {
        return chart.getXYPlot();
    }

    public JFreeChart chart() {
        return chart;
    }
}

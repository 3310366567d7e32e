package dev.hookbook.viz.chart;

import dev.hookbook.viz.StepStats;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One line per module or parameter over the training steps. New steps are appended as they
 * come, so updating costs the new points only. On a log axis, values that are zero or negative
 * (which it cannot place) are left out. The legend lists only the lines that have points: a
 * module that never had a gradient is not listed.
 *
 * <p><b>Smoothing.</b> As TensorBoard draws a scalar: each raw line faint and thin, and over it an
 * exponential moving average with {@link #smoothing(double) weight} w (0.9 by default, 0 draws the
 * raw values only): {@code s = w s + (1 - w) v}, divided by {@code 1 - w^n} after n points so the
 * first points are not pulled towards 0. On a log axis the average is taken of the logarithm
 * (a geometric mean), so that one spike does not lift a line by decades.
 *
 * <p><b>Marks.</b> {@link #mark(int, String)} draws a labelled vertical line at a step (an epoch
 * begins, the learning rate changes).
 *
 * <p><b>Log range.</b> A log axis shows the range that carries information: a line's last few
 * points falling by decades (a cosine schedule reaching 0 moves the weights by 1e-11) would
 * stretch the axis and flatten everything else. The axis goes down to the lowest 2nd percentile
 * of any line (its lowest point when it has fewer than 50), to the whole decade below; a note
 * under the plot counts the points below it.
 *
 * <p>Dataset 0 holds the lines drawn in colour, the smoothed values (one series per key, in
 * order; the raw values when smoothing is 0), and dataset 1 the raw values.
 */
public final class StepLineChart {
    /** TensorBoard's slider goes from 0 to 0.999; at hundreds of steps a chart, 0.9 shows the trend. */
    public static final double DEFAULT_SMOOTHING = 0.9;
    private static final double CLIP_QUANTILE = 0.02;
    private static final int CLIP_MIN_POINTS = 50;

    private final JFreeChart chart;
    private final Map<String, XYSeries> series = new LinkedHashMap<>();
    private final Map<String, XYSeries> smoothed = new LinkedHashMap<>();
    private final Map<String, double[]> average = new LinkedHashMap<>(); // per key: {ema, points so far}
    private final XYLineAndShapeRenderer rawLines = new XYLineAndShapeRenderer(true, false);
    private final XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    private final TextTitle clipNote = new TextTitle("", ChartStyle.SMALL);
    private final Map<Integer, ValueMarker> marks = new HashMap<>();
    private final boolean log;
    private double smoothing = DEFAULT_SMOOTHING;
    private int stepsAdded;

    /** A chart with one series per key, in order; {@code log} puts the values on a log axis. */
    public StepLineChart(String title, String explanation, List<String> keys, String valueLabel, boolean log) {
        this.log = log;
        XYSeriesCollection raw = new XYSeriesCollection();
        XYSeriesCollection smooth = new XYSeriesCollection();
        for (String key : keys) {
            XYSeries s = new XYSeries(key, true, true);
            series.put(key, s);
            raw.addSeries(s);
            XYSeries m = new XYSeries(key, true, true);
            smoothed.put(key, m);
            smooth.addSeries(m);
            average.put(key, new double[2]);
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
        rawLines.setDrawSeriesLineAsPath(true);
        rawLines.setDefaultSeriesVisibleInLegend(false);
        for (int i = 0; i < keys.size(); i++) {
            lines.setSeriesStroke(i, ChartStyle.seriesStroke(i));
            lines.setSeriesPaint(i, ChartStyle.seriesPaint(i));
            lines.setSeriesVisibleInLegend(i, false, false); // until it has a point
            rawLines.setSeriesStroke(i, new BasicStroke(1f));
            rawLines.setSeriesVisibleInLegend(i, false, false);
        }
        XYPlot plot = new XYPlot(smooth, ChartStyle.stepAxis(), y, lines);
        plot.setDataset(1, raw);
        plot.setRenderer(1, rawLines);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE); // the raw lines first, under the averages
        plot.setNoDataMessage("waiting for the first training step");
        ChartStyle.plotBackground(plot);
        chart = ChartStyle.chart(title, explanation, plot, keys.size() > 1);
        LegendTitle legend = chart.getLegend();
        if (legend != null && keys.size() > 5) { // a column beside the plot, not rows eating its height
            legend.setPosition(RectangleEdge.RIGHT);
            legend.setItemFont(ChartStyle.SMALL);
        }
        clipNote.setPaint(Color.DARK_GRAY);
        clipNote.setPosition(RectangleEdge.BOTTOM);
        clipNote.setVisible(false);
        chart.addSubtitle(clipNote);
        applySmoothing();
    }

    /**
     * The weight of the moving average drawn over the raw lines, in [0, 1): 0 draws the raw
     * lines only, 0.99 a very smooth trend. Redraws the lines already there.
     */
    public StepLineChart smoothing(double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing: expected a weight in [0, 1), got " + weight);
        }
        smoothing = weight;
        for (Map.Entry<String, XYSeries> e : series.entrySet()) {
            XYSeries m = smoothed.get(e.getKey());
            double[] state = average.get(e.getKey());
            m.clear();
            state[0] = 0;
            state[1] = 0;
            for (int i = 0; i < e.getValue().getItemCount(); i++) {
                m.add(e.getValue().getX(i), smooth(state, e.getValue().getY(i).doubleValue()), false);
            }
            m.fireSeriesChanged();
        }
        applySmoothing();
        return this;
    }

    public double smoothing() {
        return smoothing;
    }

    /** The raw lines faint under the averages; unsmoothed, the averages are the raw values and the faint lines go. */
    private void applySmoothing() {
        for (int i = 0; i < series.size(); i++) {
            Color c = ChartStyle.seriesPaint(i);
            rawLines.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        }
        rawLines.setDefaultSeriesVisible(smoothing > 0, false);
    }

    /** Adds the points of the steps in {@code steps} that are not on the chart yet. */
    public void append(List<StepStats> steps, Function<StepStats, Map<String, Double>> values) {
        if (steps.size() <= stepsAdded) return;
        for (int i = stepsAdded; i < steps.size(); i++) {
            StepStats step = steps.get(i);
            Map<String, Double> byKey = values.apply(step);
            for (Map.Entry<String, XYSeries> e : series.entrySet()) {
                Double v = byKey.get(e.getKey());
                if (v != null && Double.isFinite(v) && (!log || v > 0)) {
                    e.getValue().add(step.step(), v, false);
                    smoothed.get(e.getKey()).add(step.step(), smooth(average.get(e.getKey()), v), false);
                }
            }
        }
        stepsAdded = steps.size();
        int i = 0;
        for (Map.Entry<String, XYSeries> e : series.entrySet()) {
            boolean drawn = e.getValue().getItemCount() > 0;
            lines.setSeriesVisibleInLegend(i, drawn, false);
            i++;
            e.getValue().fireSeriesChanged();
            smoothed.get(e.getKey()).fireSeriesChanged();
        }
        if (log) clipLogAxis();
    }

    /** The next point of a debiased moving average; {@code state} is {ema, points so far}. */
    private double smooth(double[] state, double v) {
        if (smoothing == 0) return v;
        double x = log ? Math.log10(v) : v;
        state[0] = smoothing * state[0] + (1 - smoothing) * x;
        state[1]++;
        double debiased = state[0] / (1 - Math.pow(smoothing, state[1]));
        return log ? Math.pow(10, debiased) : debiased;
    }

    /** Sets the log axis's floor to what the lines carry (see the class comment), and says what falls below. */
    private void clipLogAxis() {
        double floor = Double.POSITIVE_INFINITY;
        for (XYSeries s : series.values()) {
            int n = s.getItemCount();
            if (n == 0) continue;
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = s.getY(i).doubleValue();
            Arrays.sort(v);
            floor = Math.min(floor, n < CLIP_MIN_POINTS ? v[0] : v[(int) Math.floor(CLIP_QUANTILE * (n - 1))]);
        }
        if (floor == Double.POSITIVE_INFINITY) return;
        double decade = Math.pow(10, Math.floor(Math.log10(floor) + 1e-9));
        ((DecadeAxis) plot().getRangeAxis()).setFloor(decade);
        int below = 0;
        for (XYSeries s : series.values()) {
            for (int i = 0; i < s.getItemCount(); i++) if (s.getY(i).doubleValue() < decade * (1 - 1e-9)) below++;
        }
        clipNote.setVisible(below > 0);
        clipNote.setText(below == 0 ? "" : below + (below == 1 ? " point lies" : " points lie") + " below 1e"
                + Math.round(Math.log10(decade)) + ", off the axis: it keeps to the range most steps use.");
    }

    /**
     * Draws a labelled vertical line at {@code step}; a step already marked keeps its line and
     * takes the new label (a frame may come between {@code epoch(n)} and {@code learningRate(lr)}).
     */
    public void mark(int step, String label) {
        ValueMarker marker = marks.get(step);
        if (marker != null) {
            if (!label.equals(marker.getLabel())) marker.setLabel(label);
            return;
        }
        marker = new ValueMarker(step, new Color(0x777777),
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[]{2f, 3f}, 0f));
        marker.setLabel(label);
        marker.setLabelFont(ChartStyle.SMALL);
        marker.setLabelPaint(Color.DARK_GRAY);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 220)); // readable over the lines
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        marks.put(step, marker);
        plot().addDomainMarker(marker);
    }

    /** The steps marked so far. */
    public Set<Integer> markedSteps() {
        return Set.copyOf(marks.keySet());
    }

    public XYPlot plot() {
        return chart.getXYPlot();
    }

    public JFreeChart chart() {
        return chart;
    }
}

package dev.hookbook.viz.chart;

import dev.hookbook.viz.ActivationStats;
import dev.hookbook.viz.FeatureMaps;
import dev.hookbook.viz.Histogram;
import dev.hookbook.viz.Recording;
import dev.hookbook.viz.StepMark;
import dev.hookbook.viz.StepStats;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The charts of one monitor, by name: {@code "activations"}, {@code "gradients"}, {@code "loss"},
 * {@code "weights"}, {@code "updates"} and {@code "features:PATH"} per convolution. The chart
 * objects live as long as the monitor; {@link #update} refreshes their data, so styling changed
 * by the user stays.
 *
 * <p>A model with many layers is charted legibly: at most {@link #LINE_LIMIT} lines a chart (each
 * with its own colour and dash) and {@link #CELL_LIMIT} histograms a grid, chosen by
 * {@link SeriesChoice} (weight matrices first, then a few blocks from first to last) and named in
 * a note under the explanation. The line charts smooth their lines and mark epochs and
 * learning-rate changes (see {@link StepLineChart}).
 */
public final class MonitorCharts {
    /** The update-to-weight ratio a healthy training run usually shows (Karpathy's rule of thumb). */
    static final double HEALTHY_UPDATE_RATIO = 1e-3;

    private final HistogramGrid activations;
    private final StepLineChart gradients;
    private final StepLineChart loss;
    private final HistogramGrid weights;
    private final StepLineChart updates;
    private final Map<String, FeatureMapChart> features = new LinkedHashMap<>();
    private final Map<String, JFreeChart> charts = new LinkedHashMap<>();

    /** At most this many lines a chart: as many as there are distinct looks (colour and dash), so none repeats. */
    static final int LINE_LIMIT = ChartStyle.PALETTE.size() * 3;
    /** At most this many histograms a grid: 4 by 3 cells stay readable in the grid's picture. */
    static final int CELL_LIMIT = 12;

    /** Charts for what {@code layout} watches (its modules and parameters), with no data yet. */
    public MonitorCharts(Recording layout) {
        String name = layout.name();
        List<String> paths = List.copyOf(layout.modules().keySet());
        Map<String, int[]> shapes = layout.parameterShapes();
        Predicate<String> matrix = p -> !shapes.containsKey(p) || shapes.get(p).length >= 2;
        // MultiheadAttention reads its out_proj's weight itself, as PyTorch's does: that Linear's
        // forward never runs, so it has no output to chart (its weight is charted all the same).
        Predicate<String> hasMatrix = path -> !"NonDynamicallyQuantizableLinear".equals(layout.modules().get(path))
                && (shapes.isEmpty() || shapes.entrySet().stream().anyMatch(e ->
                (path.isEmpty() || e.getKey().startsWith(path + ".")) && e.getValue().length >= 2));
        SeriesChoice cellModules = SeriesChoice.of(paths, hasMatrix, CELL_LIMIT, "modules");
        SeriesChoice lineModules = SeriesChoice.of(paths, hasMatrix, LINE_LIMIT, "modules");
        SeriesChoice cellParameters = SeriesChoice.of(layout.parameters(), matrix, CELL_LIMIT, "parameters");
        SeriesChoice lineParameters = SeriesChoice.of(layout.parameters(), matrix, LINE_LIMIT, "parameters");

        Map<String, String> moduleLabels = new LinkedHashMap<>();
        cellModules.shown().forEach(path -> moduleLabels.put(path, label(path) + " (" + layout.modules().get(path) + ")"));
        activations = new HistogramGrid(ChartStyle.titled("Activations: what each layer outputs", name),
                "Share of each module's output values per bin, latest step. Many exact zeros after a ReLU: dead units."
                        + " Values piled at the ends after Tanh or Sigmoid: saturated units, whose gradient vanishes.",
                moduleLabels, "waiting for a forward pass");
        note(activations.chart(), cellModules);
        gradients = new StepLineChart(ChartStyle.titled("Gradients: how much signal reaches each layer", name),
                "Size (L2 norm) of the loss gradient at each module's output, per step, on a log scale, averaged over"
                        + " the faint raw lines. Norms that shrink from the last layer to the first: vanishing gradients.",
                lineModules.shown(), "gradient norm (log scale)", true);
        note(gradients.chart(), lineModules);
        loss = new StepLineChart(ChartStyle.titled("Loss over training steps", name),
                "The value logged with monitor.logLoss(...) at each step (faint), and its moving average; lower is better.",
                List.of("loss"), "loss", false);
        Map<String, String> parameterLabels = new LinkedHashMap<>();
        cellParameters.shown().forEach(p -> parameterLabels.put(p, p));
        weights = new HistogramGrid(ChartStyle.titled("Weights: the values of each parameter", name),
                "Share of each parameter's values per bin, after the latest step, with the size of its gradient"
                        + " and of its last update relative to the weights.",
                parameterLabels, "waiting for the first training step");
        note(weights.chart(), cellParameters);
        updates = new StepLineChart(ChartStyle.titled("Update size: how far each step moves the weights", name),
                "|change of w| / |w| for each parameter and step, on a log scale. Around 1e-3 (dashed) is healthy;"
                        + " far below, that parameter barely learns; far above, training is unstable.",
                lineParameters.shown(), "update / weight (log scale)", true);
        note(updates.chart(), lineParameters);
        ValueMarker healthy = new ValueMarker(HEALTHY_UPDATE_RATIO, Color.GRAY,
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[]{5f, 4f}, 0f));
        healthy.setLabel("healthy: about 1e-3");
        healthy.setLabelFont(ChartStyle.SMALL);
        healthy.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        healthy.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        updates.plot().addRangeMarker(healthy);
        ((DecadeAxis) updates.plot().getRangeAxis()).include(HEALTHY_UPDATE_RATIO); // the subtitle points at it

        charts.put("activations", activations.chart());
        charts.put("gradients", gradients.chart());
        charts.put("loss", loss.chart());
        charts.put("weights", weights.chart());
        charts.put("updates", updates.chart());
        layout.modules().forEach((path, kind) -> {
            if (kind.equals("Conv2d")) {
                FeatureMapChart chart = new FeatureMapChart(label(path), kind, name);
                features.put(path, chart);
                charts.put("features:" + path, chart.chart());
            }
        });
    }

    /** Says under the explanation which series a chart leaves out, when it does. */
    private static void note(JFreeChart chart, SeriesChoice choice) {
        if (choice.note().isEmpty()) return;
        TextTitle note = new TextTitle(choice.note(), ChartStyle.SMALL);
        note.setPaint(new Color(0x8A4B00)); // dark orange: a caveat, not part of the explanation
        chart.addSubtitle(1, note);
    }

    /** How a path reads on a chart: the root module has the empty path. */
    static String label(String path) {
        return path.isEmpty() ? "model" : path;
    }

    /** Brings every chart up to {@code r}. Not thread-safe: call it where the charts are drawn. */
    public void update(Recording r) {
        List<StepStats> steps = r.steps();
        StepStats last = r.lastStep();
        for (StepLineChart line : List.of(gradients, loss, updates)) {
            if (line.smoothing() != r.smoothing()) quietly(line.chart(), () -> line.smoothing(r.smoothing()));
            for (StepMark mark : r.marks()) line.mark(mark.step(), mark.label());
        }
        quietly(gradients.chart(), () -> gradients.append(steps, StepStats::outputGradNorms));
        quietly(loss.chart(), () -> loss.append(steps, s -> Collections.singletonMap("loss", s.loss())));
        quietly(updates.chart(), () -> updates.append(steps, StepStats::updateRatios));
        quietly(activations.chart(), () -> r.activationSamples().forEach((path, sample) ->
                activations.set(path, Histogram.of(sample, r.bins()), activationNote(last == null ? null : last.activations().get(path)))));
        quietly(weights.chart(), () -> r.weightSamples().forEach((name, sample) ->
                weights.set(name, Histogram.of(sample, r.bins()), weightNote(last, name))));
        r.featureMaps().forEach((path, maps) -> {
            FeatureMapChart chart = features.get(path);
            if (chart != null) quietly(chart.chart(), () -> chart.set(maps));
        });
    }

    /** Makes many changes to a chart, then redraws it once. */
    private static void quietly(JFreeChart chart, Runnable change) {
        chart.setNotify(false);
        try {
            change.run();
        } finally {
            chart.setNotify(true);
        }
    }

    private static String activationNote(ActivationStats s) {
        if (s == null) return "";
        String note = "mean " + figure(s.mean()) + " \u00b7 std " + figure(s.std()) + " \u00b7 zeros " + ChartStyle.percent(s.zeroFraction());
        if (!Double.isNaN(s.saturatedFraction())) note += " \u00b7 saturated " + ChartStyle.percent(s.saturatedFraction());
        return note;
    }

    private static String weightNote(StepStats last, String name) {
        if (last == null) return "";
        Double grad = last.parameterGradNorms().get(name);
        Double ratio = last.updateRatios().get(name);
        return "grad norm " + (grad == null ? "n/a" : figure(grad)) + " \u00b7 update/weight " + (ratio == null ? "n/a" : figure(ratio));
    }

    /** A figure in a cell's note: short, so the note fits above a small cell ({@code 9.9e-11}, {@code 0.123}). */
    static String figure(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 10_000)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** The charts by name, in a fixed order. */
    public Map<String, JFreeChart> charts() {
        return Collections.unmodifiableMap(charts);
    }

    /** The activation histograms, to restyle a cell. */
    public HistogramGrid activationGrid() {
        return activations;
    }

    /** The weight histograms, to restyle a cell. */
    public HistogramGrid weightGrid() {
        return weights;
    }
}

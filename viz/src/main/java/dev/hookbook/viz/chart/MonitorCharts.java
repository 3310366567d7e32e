package dev.hookbook.viz.chart;

import dev.hookbook.viz.ActivationStats;
import dev.hookbook.viz.FeatureMaps;
import dev.hookbook.viz.Histogram;
import dev.hookbook.viz.Recording;
import dev.hookbook.viz.StepStats;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of one monitor, by name: {@code "activations"}, {@code "gradients"}, {@code "loss"},
 * {@code "weights"}, {@code "updates"} and {@code "features:PATH"} per convolution. The chart
 * objects live as long as the monitor; {@link #update} refreshes their data, so styling changed
 * by the user stays.
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

    /** Charts for what {@code layout} watches (its modules and parameters), with no data yet. */
    public MonitorCharts(Recording layout) {
        String name = layout.name();
        Map<String, String> moduleLabels = new LinkedHashMap<>();
        layout.modules().forEach((path, kind) -> moduleLabels.put(path, label(path) + " (" + kind + ") output"));
        List<String> paths = List.copyOf(layout.modules().keySet());
        activations = new HistogramGrid(ChartStyle.titled("Activations: what each layer outputs", name),
                "Share of each module's output values per bin, latest step. Many exact zeros after a ReLU: dead units."
                        + " Values piled at the ends after Tanh or Sigmoid: saturated units, whose gradient vanishes.",
                moduleLabels, "waiting for a forward pass");
        gradients = new StepLineChart(ChartStyle.titled("Gradients: how much signal reaches each layer", name),
                "Size (L2 norm) of the loss gradient at each module's output, per step, on a log scale."
                        + " Norms that shrink from the last layer to the first: vanishing gradients.",
                paths, "gradient norm (log scale)", true);
        loss = new StepLineChart(ChartStyle.titled("Loss over training steps", name),
                "The value logged with monitor.logLoss(...) at each step; lower is better.",
                List.of("loss"), "loss", false);
        Map<String, String> parameterLabels = new LinkedHashMap<>();
        layout.parameters().forEach(p -> parameterLabels.put(p, p));
        weights = new HistogramGrid(ChartStyle.titled("Weights: the values of each parameter", name),
                "Share of each parameter's values per bin, after the latest step, with the size of its gradient"
                        + " and of its last update relative to the weights.",
                parameterLabels, "waiting for the first training step");
        updates = new StepLineChart(ChartStyle.titled("Update size: how far each step moves the weights", name),
                "|change of w| / |w| for each parameter and step, on a log scale. Around 1e-3 (dashed) is healthy;"
                        + " far below, that parameter barely learns; far above, training is unstable.",
                layout.parameters(), "update / weight (log scale)", true);
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

    /** How a path reads on a chart: the root module has the empty path. */
    static String label(String path) {
        return path.isEmpty() ? "model" : path;
    }

    /** Brings every chart up to {@code r}. Not thread-safe: call it where the charts are drawn. */
    public void update(Recording r) {
        List<StepStats> steps = r.steps();
        StepStats last = r.lastStep();
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
        String note = "mean " + ChartStyle.number(s.mean()) + ", std " + ChartStyle.number(s.std())
                + "\nzeros " + ChartStyle.percent(s.zeroFraction());
        if (!Double.isNaN(s.saturatedFraction())) note += ", saturated " + ChartStyle.percent(s.saturatedFraction());
        return note;
    }

    private static String weightNote(StepStats last, String name) {
        if (last == null) return "";
        Double grad = last.parameterGradNorms().get(name);
        Double ratio = last.updateRatios().get(name);
        return "grad norm " + (grad == null ? "n/a" : ChartStyle.number(grad))
                + "\nupdate/weight " + (ratio == null ? "n/a" : ChartStyle.number(ratio));
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

package dev.hookbook.viz;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.display.Display;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.chart.MonitorCharts;
import dev.hookbook.viz.live.FrameLoop;
import dev.hookbook.viz.live.LiveView;
import dev.hookbook.viz.live.LiveViews;
import dev.hookbook.viz.live.NotebookView;
import dev.hookbook.viz.live.PngDirectoryView;
import org.jfree.chart.JFreeChart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches a model train: module hooks record, at every training step, what each module outputs
 * and what gradients flow back, and charts show it, live if you like.
 *
 * <pre>{@code
 * var monitor = Monitor.attach(model).show();   // hooks on every leaf module; live charts
 * for (Batch b : loader) {
 *     opt.zeroGrad();
 *     Tensor loss = F.crossEntropy(model.call(b.x()), b.y());
 *     loss.backward();
 *     opt.step();
 *     monitor.logLoss(loss);
 * }
 * monitor.close();                               // final charts; the model has no hooks of ours left
 * monitor.charts().get("gradients")              // a JFreeChart, to restyle or save (see Charts)
 * }</pre>
 *
 * <h2>What is recorded</h2>
 * Per step and per watched module ({@link StepStats}): statistics of its output (histogram, mean,
 * std, share of exact zeros, share saturated for Tanh and Sigmoid, see {@link ActivationStats}) and
 * the L2 norm of the gradient at its output; per parameter of those modules: the L2 norm of its
 * gradient and the update-to-weight ratio {@code |w_after - w_before| / |w_before|}; the loss when
 * {@linkplain #logLoss(Tensor) logged}. Forward passes in eval mode or under
 * {@code Autograd.noGrad()} are not training steps and are not recorded.
 *
 * <h2>Steps</h2>
 * Steps are counted by themselves: a step ends at the first recorded forward pass after a
 * backward pass, that is, when the next batch starts. (So the loop above needs no extra call,
 * and a step's update-to-weight ratio compares the weights at its forward pass with those at the
 * next one, after {@code opt.step()}.) {@link #step()} ends the step in progress now, for loops
 * that want to say so, and {@link #flush()}, {@link #charts()} and {@link #close()} end it too,
 * so the last step of a loop is never lost. Log the loss before the step ends.
 *
 * <h2>Cost</h2>
 * Statistics are computed on the training thread from a bounded sample: an output, gradient or
 * parameter of at most {@link #sampleSize(int) sampleSize} elements (default 1024) is read
 * whole, a larger one through a strided view of about {@code sampleSize} elements (see
 * {@link Norms}: norms from a sample are scaled up by {@code numel / sampled}). So each hook
 * copies O(sampleSize) floats, whatever the size of the tensor, and one pass computes the
 * figures. A convolution's feature maps copy one image, at most {@code featureChannels} maps.
 * The parameters are sampled once per step. Charts are drawn on another thread (see
 * {@link FrameLoop}). A model without hooks pays nothing: after {@link #close()}, {@code Module.call}
 * takes its no-hook fast path again.
 *
 * <h2>Showing</h2>
 * {@link #show()} makes the charts live where you are: in a notebook (a notebook display is
 * installed) one output, updated in place a few times a second; in JShell on a desktop a
 * window; headless, PNG files in {@link #chartDirectory(Path) a directory}, their paths printed
 * once. The last state is always drawn: a trailing frame follows the last step, and
 * {@link #flush()} and {@link #close()} draw it before they return, so end a training cell with
 * {@code monitor.close()} (or {@code monitor.flush()} to go on training later). A failure while
 * drawing or recording is printed once to standard error and never stops training.
 */
public final class Monitor implements AutoCloseable {
    /** Outputs, gradients and parameters up to this many elements are read whole. */
    public static final int DEFAULT_SAMPLE_SIZE = 1024;

    private final Object lock = new Object();
    private final Map<String, String> moduleKinds = new LinkedHashMap<>();
    private final List<ModuleProbe> modules = new ArrayList<>();
    private final List<ParameterProbe> parameters = new ArrayList<>();
    private final List<HookHandle> handles = new ArrayList<>();

    private int sampleSize = DEFAULT_SAMPLE_SIZE;
    private int bins = 40;
    private int featureChannels = 16;
    private double framesPerSecond;
    private Path chartDirectory = Path.of("hookbook-charts");
    private String name = "";

    // The step in progress.
    private int step = 1;
    private boolean stepOpen;
    private boolean sawBackward;
    private double loss = Double.NaN;
    private float[][] nextStepStart; // parameter samples taken as a step ended, when the next one starts at once

    // What the completed steps left.
    private final List<StepStats> steps = new ArrayList<>();
    private final Map<String, float[]> activationSamples = new LinkedHashMap<>();
    private final Map<String, float[]> weightSamples = new LinkedHashMap<>();
    private final Map<String, FeatureMaps> featureMaps = new LinkedHashMap<>();

    // Charts and the live view; chartLock keeps frames and charts() from drawing at once.
    private final Object chartLock = new Object();
    private MonitorCharts charts;
    private volatile LiveView view;
    private volatile FrameLoop loop;
    private boolean closed;
    private int problems;

    private Monitor() {}

    /** Watches every leaf module of {@code model} (the modules with no children) and their parameters. */
    public static Monitor attach(Module model) {
        Map<String, Module> leaves = new LinkedHashMap<>();
        model.namedModules().forEach((path, m) -> {
            if (m.children().isEmpty()) leaves.put(path, m);
        });
        return attach(leaves);
    }

    /** Watches the modules at {@code modulePaths} ({@code "features.0"}) and their parameters. */
    public static Monitor attach(Module model, String... modulePaths) {
        if (modulePaths.length == 0) return attach(model);
        Map<String, Module> chosen = new LinkedHashMap<>();
        for (String path : new LinkedHashSet<>(List.of(modulePaths))) chosen.put(path, path.isEmpty() ? model : model.get(path));
        return attach(chosen);
    }

    private static Monitor attach(Map<String, Module> byPath) {
        Monitor monitor = new Monitor();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        byPath.forEach((path, module) -> {
            monitor.moduleKinds.put(path, module.getClass().getSimpleName());
            monitor.modules.add(new ModuleProbe(path, module));
            module.namedParameters().forEach((n, p) -> {
                if (p.requiresGrad() && seen.add(p)) monitor.parameters.add(new ParameterProbe(path.isEmpty() ? n : path + "." + n, p));
            });
        });
        monitor.registerHooks();
        return monitor;
    }

    private void registerHooks() {
        for (ModuleProbe probe : modules) {
            handles.add(probe.module.registerForwardHook((m, inputs, output) -> {
                onForward(probe, output);
                return null;
            }));
            handles.add(probe.module.registerFullBackwardHook((m, gradInput, gradOutput) -> {
                onBackward(probe, gradOutput);
                return null;
            }));
        }
        for (ParameterProbe probe : parameters) {
            handles.add(probe.parameter.registerHook(grad -> {
                onParameterGrad(probe, grad);
                return null;
            }));
        }
    }

    // ------------------------------------------------------------------ options

    /** How many values each statistic reads at most from one tensor (default {@value #DEFAULT_SAMPLE_SIZE}). */
    public Monitor sampleSize(int values) {
        if (values < 1) throw new IllegalArgumentException("sampleSize must be at least 1, got " + values);
        synchronized (lock) {
            sampleSize = values;
        }
        return this;
    }

    /** How many bins the histograms have (default 40). */
    public Monitor bins(int bins) {
        if (bins < 1) throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        synchronized (lock) {
            this.bins = bins;
        }
        return this;
    }

    /** How many channels of a convolution's output the feature-map charts show (default 16). */
    public Monitor featureChannels(int channels) {
        if (channels < 1) throw new IllegalArgumentException("featureChannels must be at least 1, got " + channels);
        synchronized (lock) {
            featureChannels = channels;
        }
        return this;
    }

    /** At most this many live frames per second (default: 2 in a notebook, 5 in a window, 1 for files). Set before {@link #show()}. */
    public Monitor framesPerSecond(double fps) {
        if (!(fps > 0)) throw new IllegalArgumentException("framesPerSecond must be > 0, got " + fps);
        framesPerSecond = fps;
        return this;
    }

    /** Where headless {@link #show()} writes its PNG files (default {@code ./hookbook-charts}). */
    public Monitor chartDirectory(Path directory) {
        chartDirectory = directory;
        return this;
    }

    /** A name shown in the chart titles, to tell two runs apart. Set it before the charts are first drawn. */
    public Monitor name(String name) {
        this.name = name == null ? "" : name;
        return this;
    }

    // ------------------------------------------------------------------ recording (training thread)

    private void onForward(ModuleProbe probe, Tensor output) {
        if (!Autograd.isGradEnabled() || !probe.module.isTraining()) return; // evaluation, not a training step
        try {
            synchronized (lock) {
                if (closed) return;
                if (sawBackward) endStep(true); // a new batch begins
                startStepIfNeeded();
                probe.recordOutput(output, sampleSize, step, featureChannels);
            }
        } catch (RuntimeException e) {
            problem("recording the output of " + probe.path, e);
        }
    }

    private void onBackward(ModuleProbe probe, Tensor[] gradOutput) {
        try {
            synchronized (lock) {
                if (closed || gradOutput.length == 0 || gradOutput[0] == null) return;
                startStepIfNeeded();
                sawBackward = true;
                probe.recordGradOutput(gradOutput[0], sampleSize);
            }
        } catch (RuntimeException e) {
            problem("recording the gradient of " + probe.path, e);
        }
    }

    private void onParameterGrad(ParameterProbe probe, Tensor grad) {
        try {
            synchronized (lock) {
                if (closed || grad == null) return;
                startStepIfNeeded();
                sawBackward = true;
                probe.recordGrad(grad, sampleSize);
            }
        } catch (RuntimeException e) {
            problem("recording the gradient of " + probe.name, e);
        }
    }

    private void startStepIfNeeded() {
        if (stepOpen) return;
        stepOpen = true;
        for (int i = 0; i < parameters.size(); i++) {
            ParameterProbe p = parameters.get(i);
            p.startStep(nextStepStart != null ? nextStepStart[i] : p.sample(sampleSize));
        }
        nextStepStart = null;
    }

    /** Closes the step in progress into a {@link StepStats} and asks for a frame. */
    private void endStep(boolean nextStartsNow) {
        Map<String, ActivationStats> activations = new LinkedHashMap<>();
        Map<String, Double> outputGradNorms = new LinkedHashMap<>();
        for (ModuleProbe probe : modules) {
            ActivationStats stats = probe.stats();
            if (stats != null) activations.put(probe.path, stats);
            if (probe.gradNorm() != null) outputGradNorms.put(probe.path, probe.gradNorm());
            if (probe.sample() != null) activationSamples.put(probe.path, probe.sample());
            if (probe.features() != null) featureMaps.put(probe.path, probe.features());
            probe.reset();
        }
        Map<String, Double> parameterGradNorms = new LinkedHashMap<>();
        Map<String, Double> updateRatios = new LinkedHashMap<>();
        float[][] now = new float[parameters.size()][];
        for (int i = 0; i < parameters.size(); i++) {
            ParameterProbe p = parameters.get(i);
            now[i] = p.sample(sampleSize);
            if (p.gradNorm() != null) parameterGradNorms.put(p.name, p.gradNorm());
            updateRatios.put(p.name, p.updateRatio(now[i]));
            weightSamples.put(p.name, now[i]);
        }
        steps.add(new StepStats(step, loss, Collections.unmodifiableMap(activations), Collections.unmodifiableMap(outputGradNorms),
                Collections.unmodifiableMap(parameterGradNorms), Collections.unmodifiableMap(updateRatios)));
        step++;
        loss = Double.NaN;
        stepOpen = false;
        sawBackward = false;
        nextStepStart = nextStartsNow ? now : null; // the weights do not change between here and the next forward
        FrameLoop l = loop;
        if (l != null) l.request();
        LiveView v = view;
        if (v != null) v.bookFinalFrame(this::flushIfOpen);
    }

    /** The final frame a view booked, such as the one at the end of a notebook cell (close() draws its own). */
    private void flushIfOpen() {
        if (!isClosed()) flush();
    }

    // ------------------------------------------------------------------ user calls

    /** Records the loss of the step in progress (a one-element tensor; reading it copies one value). */
    public void logLoss(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("logLoss: expected a one-element loss, got " + loss.numel() + " elements");
        }
        logLoss(loss.item());
    }

    /** Records the loss of the step in progress. */
    public void logLoss(float loss) {
        synchronized (lock) {
            startStepIfNeeded();
            this.loss = loss;
        }
    }

    /** Ends the step in progress now (it does nothing if nothing was recorded since the last step ended). */
    public void step() {
        synchronized (lock) {
            if (stepOpen) endStep(false);
        }
    }

    /** Ends the step in progress and, when {@link #show shown}, draws the charts before returning. */
    public void flush() {
        step();
        FrameLoop l = loop;
        if (l != null) l.flush();
    }

    /** The number of completed steps. */
    public int steps() {
        synchronized (lock) {
            return steps.size();
        }
    }

    /** What each completed step recorded, oldest first. */
    public List<StepStats> history() {
        synchronized (lock) {
            return List.copyOf(steps);
        }
    }

    /** Everything recorded so far, frozen now (the charts are drawn from this). */
    public Recording recording() {
        synchronized (lock) {
            return new Recording(name, Collections.unmodifiableMap(new LinkedHashMap<>(moduleKinds)),
                    parameters.stream().map(p -> p.name).toList(), List.copyOf(steps),
                    Collections.unmodifiableMap(new LinkedHashMap<>(activationSamples)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(weightSamples)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(featureMaps)), bins);
        }
    }

    /**
     * The charts by name, up to date (the step in progress is ended first): {@code "activations"}
     * (a histogram per module), {@code "gradients"} (gradient norm per module over steps, log
     * scale), {@code "loss"}, {@code "weights"} (a histogram per parameter), {@code "updates"}
     * (update-to-weight ratio per parameter over steps, log scale) and {@code "features:PATH"} for
     * each watched convolution. The same chart objects every time, so restyling them lasts.
     */
    public Map<String, JFreeChart> charts() {
        step();
        synchronized (chartLock) {
            updateCharts();
            return charts.charts();
        }
    }

    private void updateCharts() {
        Recording r = recording();
        if (charts == null) charts = new MonitorCharts(r);
        LiveView v = view;
        MonitorCharts c = charts;
        if (v != null) {
            v.onChartThread(() -> c.update(r));
        } else {
            c.update(r);
        }
    }

    /** One live frame: the charts brought up to date, then shown (on the frame thread). */
    private void drawFrame() {
        synchronized (chartLock) {
            updateCharts();
            try {
                view.show(charts.charts());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Makes the charts live where you are: a notebook output, a window, or PNG files when headless. */
    public Monitor show() {
        return show(LiveViews.forEnvironment(name.isEmpty() ? "Hookbook monitor" : "Hookbook monitor: " + name, chartDirectory));
    }

    /** Shows the charts as one output of {@code display}, updated in place. */
    public Monitor show(Display display) {
        return show(new NotebookView(display));
    }

    /** Writes the charts as PNG files into {@code directory}, rewritten as training goes. */
    public Monitor show(Path directory) {
        return show(new PngDirectoryView(directory, System.out));
    }

    /** Shows the charts in {@code view}; the first frame is drawn before this returns. */
    public Monitor show(LiveView liveView) {
        FrameLoop old;
        FrameLoop fresh;
        synchronized (lock) {
            if (closed) throw new IllegalStateException("show(): this monitor is closed");
            old = loop;
            view = liveView;
            double fps = framesPerSecond > 0 ? framesPerSecond : liveView.defaultFramesPerSecond();
            fresh = new FrameLoop(this::drawFrame, fps, e -> problem("drawing the charts", e));
            loop = fresh;
        }
        if (old != null) old.close();
        fresh.flush(); // now, so the output appears where show() was called
        return this;
    }

    /** How many live frames have been drawn so far (0 when not shown). */
    public long frames() {
        FrameLoop l = loop;
        return l == null ? 0 : l.frames();
    }

    /**
     * Removes every hook this monitor registered, ends the step in progress and draws the final
     * frame. The charts and the history stay readable. Closing twice does nothing.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            handles.forEach(HookHandle::remove);
            handles.clear();
            if (stepOpen) endStep(false);
            closed = true;
        }
        FrameLoop l = loop;
        if (l != null) {
            l.flush();
            l.close();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** How many times recording or drawing failed (each is printed to standard error; only the first in full). */
    public int problems() {
        synchronized (lock) {
            return problems;
        }
    }

    private void problem(String doing, Throwable e) {
        int count;
        synchronized (lock) {
            count = ++problems;
        }
        if (count == 1) {
            System.err.println("Monitor: " + doing + " failed (training goes on; later failures are counted, see problems()): " + e);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Monitor" + (name.isEmpty() ? "" : " " + name) + ": " + modules.size() + " modules, " + parameters.size()
                    + " parameters, " + steps.size() + " steps" + (closed ? ", closed" : "");
        }
    }
}

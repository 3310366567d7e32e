package dev.hookbook.viz;

import dev.hookbook.display.Display;
import dev.hookbook.nn.HookPoint;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.live.FrameLoop;
import dev.hookbook.viz.live.LiveView;
import dev.hookbook.viz.live.LiveViews;
import dev.hookbook.viz.live.NotebookView;
import dev.hookbook.viz.live.PngDirectoryView;
import org.jfree.chart.JFreeChart;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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
 * <h2>Epochs and learning rates</h2>
 * {@link #epoch(int)} and {@link #learningRate(double)} say where an epoch begins and which rate
 * runs; the loss, gradient and update charts mark them on their step axis. Call them before the
 * epoch's first batch.
 *
 * <h2>Many layers</h2>
 * A chart draws at most 15 lines and a grid 12 histograms: for a larger model the weight matrices,
 * then a few blocks spread from first to last, with a note saying what was left out (see
 * {@link dev.hookbook.viz.chart.SeriesChoice}); {@link #history()} has everything. Line charts
 * draw a moving average over the faint raw values ({@link #smoothing(double)}).
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
 * <h2>Exploring afterwards</h2>
 * {@link #explorer()} is a widget to scrub through the recorded steps: a slider (and a play
 * button) over the steps, a drop-down of the modules, and the picture of that module at that
 * step: the histograms of its output and of the gradient at its output and, for a convolution,
 * its feature maps. For it the monitor keeps a compact {@link StepSnapshot} of at most
 * {@link #explorerSteps(int) explorerSteps} steps (default {@value #DEFAULT_EXPLORER_STEPS})
 * spread evenly over the whole training, and the latest: per module two histograms of
 * {@link #bins(int) bins} counts (8 bytes each), per convolution at most 8 maps of at most
 * 16 x 16 floats. About 21 KB a step for the small CNN of notebook 5 (12 modules, 2 convolutions),
 * so at most about 4 MB, however long it trains.
 *
 * <h2>Showing</h2>
 * {@link #show()} makes the charts live where you are: in a notebook (a notebook display is
 * installed) one output per chart, updated in place a few times a second (each frame redraws the
 * charts redrawn longest ago, a few at a time); in JShell on a desktop a
 * window; headless, PNG files in {@link #chartDirectory(Path) a directory}, their paths printed
 * once. The last state is always drawn: a trailing frame follows the last step, and
 * {@link #flush()} and {@link #close()} draw it before they return, so end a training cell with
 * {@code monitor.close()} (or {@code monitor.flush()} to go on training later). A failure while
 * drawing or recording is printed once to standard error and never stops training.
 *
 * <h2>Inside</h2>
 * This class holds the options and the user's calls; the work is done by two parts, each with its
 * own lock: a {@link StepRecorder} (the hooks and the step state machine, on the training thread)
 * and {@link LiveCharts} (the charts, the view and the frame loop that draws into it). As a step
 * ends, the recorder tells the monitor, which asks the live charts for a frame.
 */
public final class Monitor implements AutoCloseable {
    /** Outputs, gradients and parameters up to this many elements are read whole. */
    public static final int DEFAULT_SAMPLE_SIZE = 1024;
    /** How many steps the explorer keeps by default, spread over the whole training. */
    public static final int DEFAULT_EXPLORER_STEPS = 200;

    private final ProblemCounter problems = new ProblemCounter();
    private final StepRecorder recorder;
    private final LiveCharts live;

    // Read only by show(), on the caller's thread.
    private double framesPerSecond;
    private Path chartDirectory = Path.of("hookbook-charts");

    private Monitor(Map<String, Module> watched) {
        recorder = new StepRecorder(watched, problems, this::stepEnded);
        live = new LiveCharts(recorder::recording, problems);
        recorder.registerHooks(); // last: from now on a hook may end a step, which needs live
    }

    /**
     * Watches every leaf module of {@code model} (the modules with no children, {@link HookPoint}s
     * left out) and their parameters.
     */
    public static Monitor attach(Module model) {
        Map<String, Module> leaves = new LinkedHashMap<>();
        model.namedModules().forEach((path, m) -> {
            // A HookPoint outputs its input: watching it would draw the module before it twice.
            if (m.children().isEmpty() && !(m instanceof HookPoint)) leaves.put(path, m);
        });
        return new Monitor(leaves);
    }

    /** Watches the modules at {@code modulePaths} ({@code "features.0"}) and their parameters. */
    public static Monitor attach(Module model, String... modulePaths) {
        if (modulePaths.length == 0) return attach(model);
        Map<String, Module> chosen = new LinkedHashMap<>();
        for (String path : new LinkedHashSet<>(List.of(modulePaths))) chosen.put(path, path.isEmpty() ? model : model.get(path));
        return new Monitor(chosen);
    }

    /** As each step ends (on the thread that ended it): a frame, and the view may book a final one. */
    private void stepEnded() {
        live.requestFrame(this::flushIfOpen);
    }

    /** The final frame a view booked, such as the one at the end of a notebook cell (close() draws its own). */
    private void flushIfOpen() {
        if (!isClosed()) flush();
    }

    // ------------------------------------------------------------------ options

    /** How many values each statistic reads at most from one tensor (default {@value #DEFAULT_SAMPLE_SIZE}). */
    public Monitor sampleSize(int values) {
        if (values < 1) throw new IllegalArgumentException("sampleSize must be at least 1, got " + values);
        recorder.sampleSize(values);
        return this;
    }

    /** How many bins the histograms have (default 40). */
    public Monitor bins(int bins) {
        if (bins < 1) throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        recorder.bins(bins);
        return this;
    }

    /** How many channels of a convolution's output the feature-map charts show (default 16). */
    public Monitor featureChannels(int channels) {
        if (channels < 1) throw new IllegalArgumentException("featureChannels must be at least 1, got " + channels);
        recorder.featureChannels(channels);
        return this;
    }

    /**
     * How many steps {@link #explorer()} can show at most (default {@value #DEFAULT_EXPLORER_STEPS}):
     * their snapshots are kept evenly spread over the whole training, with the latest step.
     */
    public Monitor explorerSteps(int steps) {
        if (steps < 2) throw new IllegalArgumentException("explorerSteps must be at least 2, got " + steps);
        recorder.explorerSteps(steps);
        return this;
    }

    /** At most this many live frames per second (default: 4 in a notebook, 5 in a window, 1 for files). Set before {@link #show()}. */
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
        recorder.name(name == null ? "" : name);
        return this;
    }

    /**
     * How much the line charts smooth: the weight of the exponential moving average drawn over each
     * faint raw line, as TensorBoard's smoothing slider (default 0.9; 0 draws the raw lines only,
     * 0.99 a slow trend). Applies from the next frame.
     */
    public Monitor smoothing(double weight) {
        if (!(weight >= 0 && weight < 1)) throw new IllegalArgumentException("smoothing: expected a weight in [0, 1), got " + weight);
        recorder.smoothing(weight);
        return this;
    }

    // ------------------------------------------------------------------ recording

    /**
     * Says that epoch {@code n} begins: the loss, gradient and update charts draw a labelled line
     * at its first step. Call it before the epoch's first batch; a step whose backward pass has
     * run ends here (it is complete), so the mark falls on the next batch's step.
     */
    public void epoch(int n) {
        recorder.epoch(n);
    }

    /**
     * Says which learning rate the next steps use: when it differs from the last one given, the
     * loss, gradient and update charts mark the change on their step axis. For rates set per
     * epoch or cut in steps; a schedule that changes the rate every step would mark every step.
     */
    public void learningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learningRate: expected a rate >= 0, got " + lr);
        recorder.learningRate(lr);
    }

    /** Records the loss of the step in progress (a one-element tensor; reading it copies one value). */
    public void logLoss(Tensor loss) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("logLoss: expected a one-element loss, got " + loss.numel() + " elements");
        }
        logLoss(loss.item());
    }

    /** Records the loss of the step in progress. */
    public void logLoss(float loss) {
        recorder.logLoss(loss);
    }

    /** Ends the step in progress now (it does nothing if nothing was recorded since the last step ended). */
    public void step() {
        recorder.step();
    }

    /** Ends the step in progress and, when {@link #show shown}, draws the charts before returning. */
    public void flush() {
        recorder.step();
        live.flush();
    }

    /** The number of completed steps. */
    public int steps() {
        return recorder.steps();
    }

    /** What each completed step recorded, oldest first. */
    public List<StepStats> history() {
        return recorder.history();
    }

    /** Everything recorded so far, frozen now (the charts are drawn from this). */
    public Recording recording() {
        return recorder.recording();
    }

    /**
     * The snapshots kept for {@link #explorer()} (the step in progress is ended first): evenly
     * spread over the steps so far, the latest last.
     */
    public List<StepSnapshot> snapshots() {
        recorder.step();
        return recorder.snapshots();
    }

    /**
     * A widget to scrub through the steps recorded so far: a slider over the steps with a play
     * button, a drop-down of the modules, and the histograms of that module's output and output
     * gradient and, for a convolution, its feature maps, at that step (see {@link MonitorExplorer}).
     * Like TensorBoard's step slider over its histograms. Without a live kernel it shows the
     * picture of the last step. It shows the steps recorded when it is made: call it again after
     * more training.
     */
    public MonitorExplorer explorer() {
        recorder.step();
        return new MonitorExplorer(recorder.name(), recorder.moduleKinds(), recorder.snapshots(), recorder.snapshotStride());
    }

    // ------------------------------------------------------------------ charts

    /**
     * The charts by name, up to date (the step in progress is ended first): {@code "activations"}
     * (a histogram per module), {@code "gradients"} (gradient norm per module over steps, log
     * scale), {@code "loss"}, {@code "weights"} (a histogram per parameter), {@code "updates"}
     * (update-to-weight ratio per parameter over steps, log scale) and {@code "features:PATH"} for
     * each watched convolution. The same chart objects every time, so restyling them lasts.
     */
    public Map<String, JFreeChart> charts() {
        recorder.step();
        return live.charts();
    }

    /** Makes the charts live where you are: a notebook output, a window, or PNG files when headless. */
    public Monitor show() {
        String name = recorder.name();
        return show(LiveViews.forEnvironment(name.isEmpty() ? "Hookbook monitor" : "Hookbook monitor: " + name, chartDirectory));
    }

    /** Shows the charts as outputs of {@code display}, one per chart, updated in place. */
    public Monitor show(Display display) {
        return show(new NotebookView(display));
    }

    /** Writes the charts as PNG files into {@code directory}, rewritten as training goes. */
    public Monitor show(Path directory) {
        return show(new PngDirectoryView(directory, System.out));
    }

    /** Shows the charts in {@code liveView}; the first frame is drawn before this returns. */
    public Monitor show(LiveView liveView) {
        live.show(liveView, framesPerSecond > 0 ? framesPerSecond : liveView.defaultFramesPerSecond());
        return this;
    }

    /** How many live frames have been drawn so far (0 when not shown). */
    public long frames() {
        return live.frames();
    }

    // ------------------------------------------------------------------ the end

    /**
     * Removes every hook this monitor registered, ends the step in progress and draws the final
     * frame. The charts and the history stay readable. Closing twice does nothing.
     */
    @Override
    public void close() {
        recorder.close();
        live.close();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return recorder.isClosed();
    }

    /** How many times recording or drawing failed (each is printed to standard error; only the first in full). */
    public int problems() {
        return problems.count();
    }

    @Override
    public String toString() {
        String name = recorder.name();
        return "Monitor" + (name.isEmpty() ? "" : " " + name) + ": " + recorder;
    }
}

package dev.hookbook.viz;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.chart.StepLineChart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The recording half of a {@link Monitor}: the hooks on the watched modules and parameters, and
 * the step state machine that turns what they see into one {@link StepStats} per training step.
 *
 * <p>A step opens at the first thing recorded after the previous one ended (an output, a
 * gradient or a logged loss); the parameters are sampled then, so that the update-to-weight ratio
 * can compare them with their values at the step's end. A step ends at the first training forward
 * pass after a backward pass (the next batch begins), at {@link #step()} and at {@link #close()}.
 */
final class StepRecorder {
    private final ProblemCounter problems;
    private final Runnable stepEnded;

    // Options, changed from the user's thread at any time: volatile, so setting one takes no lock.
    private volatile int sampleSize = Monitor.DEFAULT_SAMPLE_SIZE;
    private volatile int bins = 40;
    private volatile int featureChannels = 16;
    private volatile String name = "";
    private volatile double smoothing = StepLineChart.DEFAULT_SMOOTHING;

    // One lock for everything below: the training thread's hooks, the user's calls and the frame
    // thread's recording() all read or change the step in progress. A hook holds it only while it
    // copies a bounded sample, so a frame never waits long for it.
    private final Object lock = new Object();
    private final Map<String, String> moduleKinds = new LinkedHashMap<>();
    private final List<ModuleProbe> modules = new ArrayList<>();
    private final List<ParameterProbe> parameters = new ArrayList<>();
    private final List<HookHandle> handles = new ArrayList<>();
    private final Map<String, int[]> parameterShapes = new LinkedHashMap<>();
    private final Map<Integer, String> marks = new TreeMap<>(); // step -> label
    private double learningRate = Double.NaN;

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
    private final StepSnapshots snapshots = new StepSnapshots(Monitor.DEFAULT_EXPLORER_STEPS);
    private boolean closed;

    /**
     * Prepares to watch {@code modules} (by path) and their parameters; {@link #registerHooks()}
     * starts recording. {@code stepEnded} runs as each step ends, on the thread that ended it and
     * with the lock held, so it must only ask for work (a frame), never wait for it.
     */
    StepRecorder(Map<String, Module> modules, ProblemCounter problems, Runnable stepEnded) {
        this.problems = problems;
        this.stepEnded = stepEnded;
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        modules.forEach((path, module) -> {
            moduleKinds.put(path, module.getClass().getSimpleName());
            this.modules.add(new ModuleProbe(path, module));
            module.namedParameters().forEach((n, p) -> {
                if (p.requiresGrad() && seen.add(p)) {
                    String full = path.isEmpty() ? n : path + "." + n;
                    parameters.add(new ParameterProbe(full, p));
                    parameterShapes.put(full, p.shape());
                }
            });
        });
    }

    /** Puts a forward and a full backward hook on each module, and a gradient hook on each parameter. */
    void registerHooks() {
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

    void sampleSize(int values) {
        sampleSize = values;
    }

    void bins(int bins) {
        this.bins = bins;
    }

    void featureChannels(int channels) {
        featureChannels = channels;
    }

    void name(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void smoothing(double weight) {
        smoothing = weight;
    }

    // ------------------------------------------------------------------ the hooks (training thread)

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
            problems.report("recording the output of " + probe.path, e);
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
            problems.report("recording the gradient of " + probe.path, e);
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
            problems.report("recording the gradient of " + probe.name, e);
        }
    }

    // ------------------------------------------------------------------ the step state machine (lock held)

    private void startStepIfNeeded() {
        if (stepOpen) return;
        stepOpen = true;
        for (int i = 0; i < parameters.size(); i++) {
            ParameterProbe p = parameters.get(i);
            p.startStep(nextStepStart != null ? nextStepStart[i] : p.sample(sampleSize));
        }
        nextStepStart = null;
    }

    /** Closes the step in progress into a {@link StepStats}, then says so to {@code stepEnded}. */
    private void endStep(boolean nextStartsNow) {
        Map<String, ActivationStats> activations = new LinkedHashMap<>();
        Map<String, Double> outputGradNorms = new LinkedHashMap<>();
        Map<String, Histogram> activationBins = new LinkedHashMap<>();
        Map<String, Histogram> gradientBins = new LinkedHashMap<>();
        Map<String, FeatureMaps> smallMaps = new LinkedHashMap<>();
        for (ModuleProbe probe : modules) {
            // The explorer's summary of this step: bins and a few small maps, not the samples.
            if (probe.sample() != null) activationBins.put(probe.path, Histogram.of(probe.sample(), bins));
            if (probe.gradSample() != null) gradientBins.put(probe.path, Histogram.of(probe.gradSample(), bins));
            if (probe.features() != null) smallMaps.put(probe.path, StepSnapshot.shrink(probe.features()));
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
        StepStats stats = new StepStats(step, loss, Collections.unmodifiableMap(activations), Collections.unmodifiableMap(outputGradNorms),
                Collections.unmodifiableMap(parameterGradNorms), Collections.unmodifiableMap(updateRatios));
        steps.add(stats);
        snapshots.add(new StepSnapshot(stats, Collections.unmodifiableMap(activationBins), Collections.unmodifiableMap(gradientBins),
                Collections.unmodifiableMap(smallMaps)));
        step++;
        loss = Double.NaN;
        stepOpen = false;
        sawBackward = false;
        nextStepStart = nextStartsNow ? now : null; // the weights do not change between here and the next forward
        stepEnded.run();
    }

    // ------------------------------------------------------------------ the user's calls

    /** Records the loss of the step in progress (opening one if none is). */
    void logLoss(float loss) {
        synchronized (lock) {
            startStepIfNeeded();
            this.loss = loss;
        }
    }

    /** Ends the step in progress now; does nothing if none is open. */
    void step() {
        synchronized (lock) {
            if (stepOpen) endStep(false);
        }
    }

    /** Marks that epoch {@code n} begins with the next step (ending the step in progress if its backward ran). */
    void epoch(int n) {
        synchronized (lock) {
            mark("epoch " + n);
        }
    }

    /** Marks the learning rate the next steps use, when it differs from the one marked last. */
    void learningRate(double lr) {
        synchronized (lock) {
            if (lr == learningRate) return;
            learningRate = lr;
            mark("lr " + String.format(Locale.ROOT, lr != 0 && Math.abs(lr) < 0.01 ? "%.1e" : "%.3g", lr));
        }
    }

    /**
     * Adds {@code label} at the step the next batch belongs to: a step whose backward has run is
     * over (its weights were updated), so it is ended first; labels at one step are joined.
     */
    private void mark(String label) {
        if (closed) return;
        if (stepOpen && sawBackward) endStep(false);
        marks.merge(step, label, (a, b) -> a + ", " + b);
    }

    int steps() {
        synchronized (lock) {
            return steps.size();
        }
    }

    List<StepStats> history() {
        synchronized (lock) {
            return List.copyOf(steps);
        }
    }

    /** Keeps at most {@code steps} evenly spread snapshots for the explorer (see {@link StepSnapshots}). */
    void explorerSteps(int steps) {
        synchronized (lock) {
            snapshots.capacity(steps);
        }
    }

    /** The snapshots kept for the explorer, oldest first, the latest step last. */
    List<StepSnapshot> snapshots() {
        synchronized (lock) {
            return snapshots.list();
        }
    }

    /** The distance between the steps kept for the explorer. */
    int snapshotStride() {
        synchronized (lock) {
            return snapshots.stride();
        }
    }

    /** The watched modules: path to type name, in model order. */
    Map<String, String> moduleKinds() {
        synchronized (lock) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(moduleKinds));
        }
    }

    /** Everything recorded so far, frozen now (the charts are drawn from this, on any thread). */
    Recording recording() {
        synchronized (lock) {
            return new Recording(name, Collections.unmodifiableMap(new LinkedHashMap<>(moduleKinds)),
                    parameters.stream().map(p -> p.name).toList(), List.copyOf(steps),
                    Collections.unmodifiableMap(new LinkedHashMap<>(activationSamples)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(weightSamples)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(featureMaps)), bins,
                    Collections.unmodifiableMap(parameterShapes),
                    marks.entrySet().stream().map(e -> new StepMark(e.getKey(), e.getValue())).toList(), smoothing);
        }
    }

    /** Removes every hook and ends the step in progress; nothing is recorded after. Twice does nothing. */
    void close() {
        synchronized (lock) {
            if (closed) return;
            handles.forEach(HookHandle::remove);
            handles.clear();
            if (stepOpen) endStep(false);
            closed = true;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** {@code "3 modules, 4 parameters, 10 steps"}, and {@code ", closed"} once closed. */
    @Override
    public String toString() {
        synchronized (lock) {
            return modules.size() + " modules, " + parameters.size() + " parameters, " + steps.size() + " steps"
                    + (closed ? ", closed" : "");
        }
    }
}

package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.data.Batch;
import dev.hookbook.data.DataLoader;
import dev.hookbook.data.Digits;
import dev.hookbook.data.TensorDataset;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import dev.hookbook.tensor.Tensor;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Two figures of a fresh JVM that JMH's warmed-up forks cannot show, each run in a JVM of its own
 * (bench/run starts one per mode, with the heap options that ./jnb and the kernelspec give a user's JVM):
 *
 * <ul>
 * <li>{@code steady}: <b>time to steady speed</b>, the digits MLP training step (as
 *     {@code TrainingStepBench.digitsMlp}) timed step by step from the JVM's start, in windows
 *     of {@value #WINDOW_MS} ms, until the window medians stay within 10% of the steady step (the
 *     median of the phase's last two seconds); then <b>a small step after big tensors</b>: the same
 *     step clean for a second, then 200 adds of two 1M-float tensors (a cell that makes big
 *     tensors), then the step again for three seconds: the next second's mean against the clean
 *     second's. Both in wall time and in the training thread's CPU time (page faults count
 *     there; waiting for a core on a busy machine does not).</li>
 * <li>{@code epochs}: notebook 04's training loop (its CNN on {@link Digits}, Adam at 0.01, batches
 *     of 64, shuffled, test accuracy after each epoch), each epoch timed: the first epoch of a
 *     fresh JVM against the second.</li>
 * </ul>
 *
 * Beside each phase, the page faults the process took (minor faults, {@code /proc/self/stat}):
 * what a first touch of fresh heap costs, as against the JIT's own warm-up (for the epochs, the
 * time the JIT's compiler threads spent compiling, which on two cores is taken from the step). With
 * {@code -Dbench.launchMillis=$(date +%s%3N)} on the command line it also reports the start-up
 * time from the launch to {@code main} (what {@code -XX:+AlwaysPreTouch} adds).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.hookbook.bench.StartupCliff steady|epochs [seconds|epochs] [json file]
 * </pre>
 */
public final class StartupCliff {
    static final int WINDOW_MS = 250;
    private static final double WITHIN = 1.10;

    /** One timed step: its start (ms since the JVM started), its time (us) and the page faults counted last (every 50 ms). */
    private record Sample(double atMs, double us, double cpuUs, long faults) {}

    public static void main(String[] args) throws IOException {
        long mainMillis = System.currentTimeMillis();
        String mode = args.length > 0 ? args[0] : "steady";
        Path json = args.length > 2 ? Path.of(args[2]) : null;
        String startup = startupJson(mainMillis);
        String body = switch (mode) {
            case "steady" -> steady(args.length > 1 ? Double.parseDouble(args[1]) : 8);
            case "epochs" -> epochs(args.length > 1 ? Integer.parseInt(args[1]) : 4);
            default -> throw new IllegalArgumentException("StartupCliff: expected the mode steady or epochs, got " + mode);
        };
        String doc = "{\"mode\": \"" + mode + "\", \"jvm_args\": \"" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\", " + startup + body + "}\n";
        if (json != null) Files.writeString(json, doc, StandardCharsets.UTF_8);
    }

    /** Launch to main in ms where the launcher gave its clock, and the heap the JVM started with. */
    private static String startupJson(long mainMillis) {
        String launch = System.getProperty("bench.launchMillis");
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        String startupMs = launch == null ? "null" : Long.toString(mainMillis - Long.parseLong(launch.trim()));
        if (launch != null) System.out.printf(Locale.ROOT, "start-up: %s ms from launch to main; heap committed %d MiB%n", startupMs, committed >> 20);
        return "\"startup_ms\": " + startupMs + ", \"heap_committed_mib\": " + (committed >> 20) + ", ";
    }

    // ------------------------------------------------------------- time to steady, small step after big tensors

    private static String steady(double seconds) {
        TrainingStepBench.DigitsMlp mlp = new TrainingStepBench.DigitsMlp();
        mlp.setup();
        List<Sample> fresh = run(mlp, seconds);
        List<Sample> clean = run(mlp, 1);
        Hookbook.manualSeed(1);
        Tensor x = Tensor.randn(1024, 1024), y = Tensor.randn(1024, 1024);
        long addStart = System.nanoTime(), addFaults = minorFaults();
        for (int i = 0; i < 200; i++) x.add(y);
        double addsMs = (System.nanoTime() - addStart) / 1e6;
        long addFaultsTaken = minorFaults() - addFaults;
        List<Sample> after = run(mlp, 3);

        double start = fresh.get(0).atMs(), t0 = after.get(0).atMs();
        System.out.printf(Locale.ROOT, "Time to steady speed (digits MLP step, fresh JVM): first step at %.2f s after the JVM started; "
                        + "page faults per step: first second %.1f, last two seconds %.1f%n", start / 1e3,
                faultsPerStep(fresh, start, start + 1000), faultsPerStep(fresh, fresh.get(fresh.size() - 1).atMs() - 2000, Double.MAX_VALUE));
        System.out.printf(Locale.ROOT, "Small step after big tensors: 200 adds of 1M floats took %.0f ms (%d page faults); "
                + "page faults per step in the next second %.1f%n", addsMs, addFaultsTaken, faultsPerStep(after, t0, t0 + 1000));
        StringBuilder doc = new StringBuilder(String.format(Locale.ROOT,
                "\"window_ms\": %d, \"first_step_at_s\": %.3f, \"faults_per_step_first_second\": %.2f, \"adds_ms\": %.1f, \"adds_faults\": %d, "
                        + "\"faults_per_step_after_big\": %.2f",
                WINDOW_MS, start / 1e3, faultsPerStep(fresh, start, start + 1000), addsMs, addFaultsTaken, faultsPerStep(after, t0, t0 + 1000)));
        for (boolean cpu : new boolean[] {false, true}) {
            ToDoubleFunction<Sample> clock = cpu ? Sample::cpuUs : Sample::us;
            String name = cpu ? "cpu" : "wall";
            double steadyUs = median(fresh.stream().filter(s -> s.atMs() >= fresh.get(fresh.size() - 1).atMs() - 2000).toList(), clock);
            double[] windows = windowMedians(fresh, clock);
            double toSteadyS = (lastAbove(windows, WITHIN * steadyUs) + 1) * WINDOW_MS / 1e3;   // from the first step
            double firstSecond = mean(fresh.stream().filter(s -> s.atMs() < start + 1000).toList(), clock);
            double cleanMean = mean(clean, clock), cleanMedian = median(clean, clock);
            double afterSecond = mean(after.stream().filter(s -> s.atMs() < t0 + 1000).toList(), clock);
            double[] afterWindows = windowMedians(after, clock);
            double worst = Arrays.stream(afterWindows).max().orElse(Double.NaN);
            double backS = (lastAbove(afterWindows, WITHIN * cleanMedian) + 1) * WINDOW_MS / 1e3;
            System.out.printf(Locale.ROOT, "  %s time: steady %.1f us (median of the last 2 s); first second's mean %.1f us (%.1fx); "
                            + "window medians within 10%% of steady after %.2f s%n", name, steadyUs, firstSecond, firstSecond / steadyUs, toSteadyS);
            System.out.printf(Locale.ROOT, "    windows (%d ms medians, us): %s%n", WINDOW_MS, text(windows));
            System.out.printf(Locale.ROOT, "  %s time after big tensors: clean mean %.1f us; the next second's mean %.1f us (%.2fx clean); "
                            + "worst window median %.1f us (%.2fx the clean median); within 10%% of clean after %.2f s%n",
                    name, cleanMean, afterSecond, afterSecond / cleanMean, worst, worst / cleanMedian, backS);
            System.out.printf(Locale.ROOT, "    windows after (%d ms medians, us): %s%n", WINDOW_MS, text(afterWindows));
            doc.append(String.format(Locale.ROOT, ", \"%s\": {\"steady_us\": %.2f, \"first_second_mean_us\": %.2f, \"first_second_ratio\": %.3f, "
                            + "\"to_steady_s\": %.3f, \"windows_us\": %s, \"clean_mean_us\": %.2f, \"clean_median_us\": %.2f, "
                            + "\"after_big_mean_us\": %.2f, \"after_big_ratio\": %.3f, \"after_big_worst_window_ratio\": %.3f, "
                            + "\"after_big_back_within_10pct_s\": %.3f, \"after_big_windows_us\": %s}",
                    name, steadyUs, firstSecond, firstSecond / steadyUs, toSteadyS, text(windows), cleanMean, cleanMedian,
                    afterSecond, afterSecond / cleanMean, worst / cleanMedian, backS, text(afterWindows)));
        }
        return doc.toString();
    }

    /** Steps for {@code seconds}, each timed. */
    private static List<Sample> run(TrainingStepBench.Step step, double seconds) {
        List<Sample> out = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long faults = 0, nextRead = 0;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextRead) {   // reading /proc takes tens of us: every 50 ms, not every step
                faults = minorFaults();
                nextRead = System.nanoTime() + 50_000_000;
            }
            double at = uptimeMs();
            long cpu = THREADS.getCurrentThreadCpuTime(), t = System.nanoTime();
            step.step();
            long took = System.nanoTime() - t;
            out.add(new Sample(at, took / 1e3, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e3, faults));
        }
        return out;
    }

    // ------------------------------------------------------------- notebook 04's epochs

    /** Notebook 04's model. */
    private static Module cnn() {
        return new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(128, 10));
    }

    private static String epochs(int count) {
        double warmupS = Double.parseDouble(System.getProperty("bench.jitWarmupSeconds", "0"));
        if (warmupS > 0) warmUpJit(warmupS);
        Hookbook.manualSeed(0);
        double loadStart = uptimeMs();
        Digits digits = Digits.load();
        Module model = cnn();
        double readyAtS = uptimeMs() / 1e3, loadMs = uptimeMs() - loadStart;
        Adam opt = new Adam(model.parameters(), 0.01f);
        DataLoader loader = new DataLoader(digits.train(), 64, true);
        double[] ms = new double[count];
        long[] faults = new long[count], jitMs = new long[count];
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int epoch = 0; epoch < count; epoch++) {
            long f = minorFaults(), t = System.nanoTime(), c = jit.getTotalCompilationTime();
            double total = 0;
            for (Batch b : loader) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(model.call(b.x()), b.y());
                loss.backward();
                opt.step();
                total += loss.item();
            }
            double accuracy = accuracy(model, digits.test());
            ms[epoch] = (System.nanoTime() - t) / 1e6;
            faults[epoch] = minorFaults() - f;
            jitMs[epoch] = jit.getTotalCompilationTime() - c;
            System.out.printf(Locale.ROOT, "  epoch %d: %.1f ms, %d page faults, JIT compiler threads busy %d ms (loss %.4f, test accuracy %.1f%%)%n",
                    epoch + 1, ms[epoch], faults[epoch], jitMs[epoch], total / loader.size(), 100 * accuracy);
        }
        double ratio = ms[0] / ms[1];
        System.out.printf(Locale.ROOT, "Notebook 04 (digits CNN, fresh JVM, data and model ready at %.2f s): first epoch %.1f ms, second %.1f ms: %.2fx%n",
                readyAtS, ms[0], ms[1], ratio);
        StringBuilder epochs = new StringBuilder();
        for (int i = 0; i < count; i++) epochs.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"ms\": %.2f, \"faults\": %d, \"jit_ms\": %d}", ms[i], faults[i], jitMs[i]));
        return String.format(Locale.ROOT, "\"ready_at_s\": %.3f, \"load_ms\": %.1f, \"first_to_second\": %.3f, \"epochs\": [%s]",
                readyAtS, loadMs, ratio, epochs);
    }

    /**
     * A trial of what a kernel could do while the user reads the first cells: train a throwaway
     * model with the notebook's kinds of layers (another width, random data) on a low-priority
     * thread for {@code seconds}, so the JIT compiles the engine's code before the first epoch,
     * while the main thread only waits, as a reader would. {@code -Dbench.jitWarmupSeconds=S}.
     */
    private static void warmUpJit(double seconds) {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            Module m = new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                    new Flatten(), new Linear(64, 10));
            Adam opt = new Adam(m.parameters(), 0.01f);
            Tensor x = Tensor.rand(32, 1, 8, 8);
            float[] classes = new float[32];
            for (int i = 0; i < classes.length; i++) classes[i] = i % 10;
            Tensor y = Tensor.of(classes, classes.length);
            while (!stop.get()) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(m.call(x), y);
                loss.backward();
                opt.step();
                loss.item();
                m.eval();
                try (var g = Autograd.noGrad()) {
                    m.call(x).argmax(1).eq(y).sum().item();
                } finally {
                    m.train();
                }
            }
        }, "jit-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        try {
            Thread.sleep((long) (seconds * 1000));
            stop.set(true);
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.printf(Locale.ROOT, "JIT warm-up: a throwaway CNN trained for %.1f s on a low-priority thread%n", seconds);
    }

    /** As the notebook's {@code accuracy}: eval mode, no graph. */
    private static double accuracy(Module net, TensorDataset data) {
        net.eval();
        try (var g = Autograd.noGrad()) {
            return net.call(data.x()).argmax(1).eq(data.y()).sum().item() / data.size();
        } finally {
            net.train();
        }
    }

    // ------------------------------------------------------------- helpers

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The JVM's start on the nanoTime clock, so a step's start costs one clock read. */
    private static final long START_NS = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;

    private static double uptimeMs() {
        return (System.nanoTime() - START_NS) / 1e6;
    }

    /** The process's minor page faults so far (field 10 of /proc/self/stat); 0 where there is no /proc. */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);   // minflt: the 10th field, the 8th after the command's name and state
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double[] windowMedians(List<Sample> samples, ToDoubleFunction<Sample> clock) {
        double t0 = samples.get(0).atMs();
        int n = (int) ((samples.get(samples.size() - 1).atMs() - t0) / WINDOW_MS) + 1;
        List<List<Sample>> w = new ArrayList<>();
        for (int i = 0; i < n; i++) w.add(new ArrayList<>());
        for (Sample s : samples) w.get((int) ((s.atMs() - t0) / WINDOW_MS)).add(s);
        return w.stream().mapToDouble(ws -> ws.isEmpty() ? Double.NaN : median(ws, clock)).toArray();
    }

    /** Index of the last window above {@code limit}; -1 when none is. */
    private static int lastAbove(double[] windows, double limit) {
        for (int i = windows.length - 1; i >= 0; i--) if (!(windows[i] <= limit)) return i;
        return -1;
    }

    /** Page faults per step over the steps that started in [fromMs, toMs): the count read at the first of them to the one read at the first step after. */
    private static double faultsPerStep(List<Sample> samples, double fromMs, double toMs) {
        int first = -1, after = samples.size() - 1;
        for (int i = 0; i < samples.size(); i++) {
            double at = samples.get(i).atMs();
            if (first < 0 && at >= fromMs) first = i;
            if (at >= toMs) {
                after = i;
                break;
            }
        }
        if (first < 0 || after <= first) return Double.NaN;
        return (double) (samples.get(after).faults() - samples.get(first).faults()) / (after - first);
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> clock) {
        double[] us = samples.stream().mapToDouble(clock).sorted().toArray();
        return us.length == 0 ? Double.NaN : us[us.length / 2];
    }

    private static double mean(List<Sample> samples, ToDoubleFunction<Sample> clock) {
        return samples.stream().mapToDouble(clock).average().orElse(Double.NaN);
    }

    private static String text(double[] values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", values[i]));
        return b.append(']').toString();
    }

    private StartupCliff() {}
}

package dev.hookbook.bench;

import dev.hookbook.viz.Monitor;
import dev.hookbook.viz.live.LiveView;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code Monitor} costs the digits CNN step, measured in one JVM: the plain step, the
 * step with a Monitor shown as PNG files, shown in a notebook, attached but not shown, and
 * attached then closed (which must cost nothing) take turns, round after round, each on its own
 * model, so that all of them see the same JIT state, heap and neighbours. The JMH rows {@code digitsCnnMonitored} and
 * {@code digitsCnnNotebookMonitored} run in forks of their own, at other moments, and a virtual
 * machine's speed can drift by a third from one second to the next: more than the cost being
 * measured.
 *
 * <p>As in the JMH rows, each round attaches a fresh Monitor (untimed, with its first frame)
 * and closes it after the round (untimed, with its final frame); every step in between is timed
 * on its own, live frames included; the training thread's CPU time is summed per round, so a
 * cost that is only the frame thread's share of the machine shows as wall time without CPU
 * time. The first two rounds warm up and are dropped.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Djava.awt.headless=true -cp ... dev.hookbook.bench.MonitorCost [rounds] [steps] [json file]
 * </pre>
 */
public final class MonitorCost {
    private static final int WARMUP_ROUNDS = 2;

    /** One way of running the step: set up, then per round attach, steps, detach. */
    private record Setup(String name, TrainingStepBench.Step state, Runnable attach, Runnable detach) {}

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path json = args.length > 2 ? Path.of(args[2]) : null;

        TrainingStepBench.DigitsCnn plain = new TrainingStepBench.DigitsCnn();
        plain.setup();
        TrainingStepBench.MonitoredDigitsCnn files = new TrainingStepBench.MonitoredDigitsCnn();
        files.setup();
        TrainingStepBench.NotebookMonitoredDigitsCnn notebook = new TrainingStepBench.NotebookMonitoredDigitsCnn();
        notebook.setup();
        TrainingStepBench.MonitoredStep notShown = new TrainingStepBench.MonitoredStep() {
            @Override
            LiveView view() {
                return null;
            }
        };
        notShown.init(TrainingStepBench::digitsCnn, 64, 1, 8, 8);
        TrainingStepBench.DigitsCnn closed = new TrainingStepBench.DigitsCnn();
        closed.setup();
        List<Setup> setups = List.of(
                new Setup("plain", plain, () -> {}, () -> {}),
                new Setup("PNG files", files, files::attach, files::detach),
                new Setup("notebook", notebook, notebook::attach, notebook::detach),
                new Setup("attached, not shown", notShown, notShown::attach, notShown::detach),
                new Setup("attached, then closed", closed, () -> Monitor.attach(closed.model).close(), () -> {}));

        Map<String, List<Long>> times = new LinkedHashMap<>();
        Map<String, Long> cpu = new LinkedHashMap<>();
        setups.forEach(s -> times.put(s.name(), new ArrayList<>()));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                for (Setup s : setups) {
                    s.attach().run();
                    List<Long> into = times.get(s.name());
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < steps; i++) {
                        long start = System.nanoTime();
                        s.state().step();
                        long took = System.nanoTime() - start;
                        if (round >= WARMUP_ROUNDS) into.add(took);
                    }
                    if (round >= WARMUP_ROUNDS) cpu.merge(s.name(), threads.getCurrentThreadCpuTime() - cpuStart, Long::sum);
                    s.detach().run();
                }
            }
        } finally {
            files.deleteCharts();
        }
        report(times, cpu, rounds, steps, System.out, json);
    }

    private static void report(Map<String, List<Long>> times, Map<String, Long> cpu, int rounds, int steps,
                               PrintStream out, Path json) throws IOException {
        double plainMean = mean(times.get("plain")), plainMedian = median(times.get("plain"));
        double plainCpu = cpu.get("plain") / 1e3 / times.get("plain").size();
        out.printf(Locale.ROOT, "Monitor cost on the digits CNN step, %d rounds of %d steps in turn, one JVM:%n", rounds, steps);
        StringBuilder doc = new StringBuilder();
        doc.append(String.format(Locale.ROOT, "{\"rounds\": %d, \"steps\": %d, \"rows\": [", rounds, steps));
        boolean first = true;
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            double mean = mean(e.getValue()), median = median(e.getValue());
            double cpuPerStep = cpu.get(e.getKey()) / 1e3 / e.getValue().size();
            out.printf(Locale.ROOT, "  %-22s mean %8.1f us (%.2fx plain)   median %8.1f us (%.2fx)   training-thread CPU %8.1f us (%.2fx)%n",
                    e.getKey(), mean, mean / plainMean, median, median / plainMedian, cpuPerStep, cpuPerStep / plainCpu);
            doc.append(first ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"setup\": \"%s\", \"mean_us\": %.1f, \"p50_us\": %.1f, \"mean_ratio\": %.4f, \"p50_ratio\": %.4f, "
                            + "\"thread_cpu_us\": %.1f, \"thread_cpu_ratio\": %.4f}",
                    e.getKey(), mean, median, mean / plainMean, median / plainMedian, cpuPerStep, cpuPerStep / plainCpu));
            first = false;
        }
        doc.append("]}\n");
        if (json != null) Files.writeString(json, doc, StandardCharsets.UTF_8);
    }

    private static double mean(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e3;
    }

    private static double median(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e3;
    }

    private MonitorCost() {}
}

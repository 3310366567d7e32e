package dev.hookbook.bench;

import java.io.IOException;
import java.io.PrintStream;
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
 * step with a Monitor shown as PNG files and the step with a Monitor shown in a notebook take
 * turns, round after round, each on its own model, so that all three see the same JIT state,
 * heap and neighbours. The JMH rows {@code digitsCnnMonitored} and
 * {@code digitsCnnNotebookMonitored} run in forks of their own, at other moments, and a virtual
 * machine's speed can drift by a third from one second to the next: more than the cost being
 * measured.
 *
 * <p>As in the JMH rows, each round attaches a fresh Monitor (untimed, with its first frame)
 * and closes it after the round (untimed, with its final frame); every step in between is timed
 * on its own, live frames included. The first two rounds warm up and are dropped.
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
        List<Setup> setups = List.of(
                new Setup("plain", plain, () -> {}, () -> {}),
                new Setup("PNG files", files, files::attach, files::detach),
                new Setup("notebook", notebook, notebook::attach, notebook::detach));

        Map<String, List<Long>> times = new LinkedHashMap<>();
        setups.forEach(s -> times.put(s.name(), new ArrayList<>()));
        try {
            for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
                for (Setup s : setups) {
                    s.attach().run();
                    List<Long> into = times.get(s.name());
                    for (int i = 0; i < steps; i++) {
                        long start = System.nanoTime();
                        s.state().step();
                        long took = System.nanoTime() - start;
                        if (round >= WARMUP_ROUNDS) into.add(took);
                    }
                    s.detach().run();
                }
            }
        } finally {
            files.deleteCharts();
        }
        report(times, rounds, steps, System.out, json);
    }

    private static void report(Map<String, List<Long>> times, int rounds, int steps, PrintStream out, Path json) throws IOException {
        double plainMean = mean(times.get("plain")), plainMedian = median(times.get("plain"));
        out.printf(Locale.ROOT, "Monitor cost on the digits CNN step, %d rounds of %d steps in turn, one JVM:%n", rounds, steps);
        StringBuilder doc = new StringBuilder();
        doc.append(String.format(Locale.ROOT, "{\"rounds\": %d, \"steps\": %d, \"rows\": [", rounds, steps));
        boolean first = true;
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            double mean = mean(e.getValue()), median = median(e.getValue());
            out.printf(Locale.ROOT, "  %-10s mean %8.1f us (%.2fx plain)   median %8.1f us (%.2fx plain)%n",
                    e.getKey(), mean, mean / plainMean, median, median / plainMedian);
            doc.append(first ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"setup\": \"%s\", \"mean_us\": %.1f, \"p50_us\": %.1f, \"mean_ratio\": %.4f, \"p50_ratio\": %.4f}",
                    e.getKey(), mean, median, mean / plainMean, median / plainMedian));
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

package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.data.Batch;
import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a Monitor costs a training step of the digits CNN (Conv2d, BatchNorm2d, ReLU, MaxPool2d,
 * Flatten, Linear; Adam; batches of 32). Not a unit test: run it by hand, on a quiet machine.
 *
 * <pre>
 * mvn -q -o -pl viz test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Djava.awt.headless=true -cp viz/target/classes:viz/target/test-classes:$(cat viz/target/cp.txt) \
 *     dev.hookbook.viz.MonitorBenchmark [rounds] [steps per round]
 * </pre>
 *
 * Five set-ups run in turn, round after round (so a noisy neighbour hurts them all alike): no
 * monitor; a monitor shown as PNG files (the headless default); a monitor shown in a notebook (a
 * display that encodes each chart image as PNG, as the kernel does); a monitor that records but
 * is not shown; and a model whose monitor was closed (it must cost nothing). Reported per step:
 * the median and the best wall time of the rounds, and the median CPU time of the training
 * thread (the cost on the training path) and of the whole process (drawing included).
 */
public final class MonitorBenchmark {

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<Batch> batches = Models.batches(32);
        Path dir = Files.createTempDirectory("hookbook-bench-charts");

        List<Setup> setups = List.of(
                new Setup("no monitor", model -> null),
                new Setup("monitor shown as PNG files", model -> Monitor.attach(model).show(dir)),
                new Setup("monitor shown in a notebook", model -> Monitor.attach(model).show(new EncodingDisplay())),
                new Setup("monitor attached, not shown", Monitor::attach),
                new Setup("monitor attached, then closed", model -> {
                    Monitor m = Monitor.attach(model);
                    m.close();
                    return null;
                }));
        System.out.println("warming up...");
        for (Setup s : setups) s.run(batches, steps);
        for (Setup s : setups) s.clear();
        for (int r = 0; r < rounds; r++) for (Setup s : setups) s.run(batches, steps);

        System.out.printf(Locale.ROOT, "%nDigits CNN training step (batch 32), %d rounds of %d steps, microseconds per step:%n", rounds, steps);
        System.out.printf(Locale.ROOT, "  %-32s %17s %17s %17s %17s%n", "", "wall median", "wall min",
                "train-thread CPU", "process CPU");
        Setup base = setups.get(0);
        for (Setup s : setups) {
            System.out.printf(Locale.ROOT, "  %-32s %s %s %s %s%n", s.name, cell(s.times, base.times, true), cell(s.times, base.times, false),
                    cell(s.threadCpu, base.threadCpu, true), cell(s.processCpu, base.processCpu, true));
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** "median (ratio to the base)" or the same with the minimum. */
    private static String cell(List<Double> values, List<Double> base, boolean median) {
        double v = median ? median(values) : min(values), b = median ? median(base) : min(base);
        return String.format(Locale.ROOT, "%8.1f (%.2fx)", v, v / b);
    }

    private static double median(List<Double> values) {
        double[] t = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return t[t.length / 2];
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static final class Setup {
        final String name;
        final Function<Sequential, Monitor> attach;
        final List<Double> times = new ArrayList<>();
        final List<Double> threadCpu = new ArrayList<>();
        final List<Double> processCpu = new ArrayList<>();

        Setup(String name, Function<Sequential, Monitor> attach) {
            this.name = name;
            this.attach = attach;
        }

        void run(List<Batch> batches, int steps) {
            Hookbook.manualSeed(0);
            Sequential model = Models.cnn();
            Adam opt = new Adam(model.parameters(), 0.01f);
            Monitor monitor = attach.apply(model);
            long cpu0 = THREADS.getCurrentThreadCpuTime(), process0 = PROCESS.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) Models.step(model, opt, batches.get(i % batches.size()), monitor);
            times.add((System.nanoTime() - start) / 1e3 / steps);
            threadCpu.add((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / steps);
            processCpu.add((PROCESS.getProcessCpuTime() - process0) / 1e3 / steps);
            if (monitor != null) monitor.close(); // the final frame is not part of the training time
        }

        void clear() {
            times.clear();
            threadCpu.clear();
            processCpu.clear();
        }
    }

    /** A notebook display that does what the kernel does with an image: encode it as PNG, then base64. */
    private static final class EncodingDisplay implements Display {
        @Override
        public DisplayHandle display(Object value) {
            encode(value);
            return new DisplayHandle() {
                @Override
                public String id() {
                    return "bench";
                }

                @Override
                public void update(Object value) {
                    encode(value);
                }
            };
        }

        private static void encode(Object value) {
            Base64.getEncoder().encodeToString(Png.encode((RenderedImage) value));
        }
    }

    private MonitorBenchmark() {}
}

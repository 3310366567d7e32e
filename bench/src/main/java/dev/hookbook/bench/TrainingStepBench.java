package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.Monitor;
import dev.hookbook.viz.png.Png;
import dev.hookbook.viz.live.LiveView;
import dev.hookbook.viz.live.NotebookView;
import dev.hookbook.viz.live.PngDirectoryView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Training steps as a learner writes them: {@code zeroGrad}, forward through the model,
 * cross-entropy, backward, then SGD with momentum 0.9. Each model trains on one fixed random
 * batch (labels {@code i % 10}); its loss falls towards zero, but over a run's steps the
 * values stay far from the denormal floats that would slow the arithmetic down.
 * <p>
 * {@code digitsCnnMonitored} is the digits CNN step with a viz {@link Monitor} attached to
 * every layer and shown headless (PNG files in a temporary directory, redrawn once a second
 * on the Monitor's own thread): its ratio to {@code digitsCnn} is what watching a model costs.
 * {@code digitsCnnNotebookMonitored} shows the same Monitor live in a notebook instead (chart
 * images encoded as the kernel encodes them, a few frames a second).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainingStepBench {
    private static final int CLASSES = 10;
    private static final float LR = 0.01f, MOMENTUM = 0.9f;

    /** A model, its batch and its optimizer. */
    public abstract static class Step {
        Module model;
        Tensor x;
        Tensor labels;
        SGD optimizer;

        /** Builds the model after seeding, so every run starts from the same weights and batch. */
        void init(Supplier<Module> newModel, int... batchShape) {
            Hookbook.manualSeed(0);
            model = newModel.get();
            x = Tensor.rand(batchShape);
            float[] classes = new float[batchShape[0]];
            for (int i = 0; i < classes.length; i++) classes[i] = i % CLASSES;
            labels = Tensor.of(classes, classes.length);
            optimizer = new SGD(model.parameters(), LR, MOMENTUM);
        }

        Tensor step() {
            optimizer.zeroGrad();
            Tensor loss = F.crossEntropy(model.call(x), labels);
            loss.backward();
            optimizer.step();
            return loss;
        }
    }

    /** MLP 64-128-10 on the 8x8 digits, batch 64. */
    @State(Scope.Thread)
    public static class DigitsMlp extends Step {
        @Setup
        public void setup() {
            init(() -> new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, CLASSES)), 64, 64);
        }
    }

    /** MLP 784-512-512-10, MNIST-sized, batch 128. */
    @State(Scope.Thread)
    public static class MnistMlp extends Step {
        @Setup
        public void setup() {
            init(() -> new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(),
                    new Linear(512, CLASSES)), 128, 784);
        }
    }

    /** Two 3x3 convolutions with BatchNorm on the 8x8 digits, batch 64: 8x8 -> 4x4 -> 2x2, then 32*2*2 = 128 features. */
    static Module digitsCnn() {
        return new Sequential(
                new Conv2d(1, 16, 3, 1, 1), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
                new Conv2d(16, 32, 3, 1, 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(128, CLASSES));
    }

    @State(Scope.Thread)
    public static class DigitsCnn extends Step {
        @Setup
        public void setup() {
            init(TrainingStepBench::digitsCnn, 64, 1, 8, 8);
        }
    }

    /**
     * The digits CNN with a Monitor, attached afresh for each JMH iteration so that its history
     * (and the charts drawn from it) stays as long as a short training run's, and shown in
     * {@link #view()} (a monitor that is only attached when that is null).
     */
    public abstract static class MonitoredStep extends Step {
        private Monitor monitor;

        /** Where the monitor's charts are shown, made for each iteration; null: not shown. */
        abstract LiveView view();

        @Setup(Level.Iteration)
        public void attach() {
            monitor = Monitor.attach(model);
            LiveView view = view();
            if (view != null) monitor.show(view);
        }

        @Override
        Tensor step() {
            Tensor loss = super.step();
            monitor.logLoss(loss);
            return loss;
        }

        @TearDown(Level.Iteration)
        public void detach() {
            monitor.close();
        }
    }

    /** The monitored digits CNN shown headless: PNG files in a temporary directory. */
    @State(Scope.Thread)
    public static class MonitoredDigitsCnn extends MonitoredStep {
        private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
        private Path charts;

        @Setup
        public void setup() throws IOException {
            init(TrainingStepBench::digitsCnn, 64, 1, 8, 8);
            charts = Files.createTempDirectory("hookbook-jmh-monitor");
        }

        /** The view show() picks headless, without the line that announces the files. */
        @Override
        LiveView view() {
            return new PngDirectoryView(charts, SILENT);
        }

        /** Best effort, so that a file still open somewhere never costs the benchmark its result. */
        @TearDown
        public void deleteCharts() {
            try (Stream<Path> files = Files.walk(charts)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("digitsCnnMonitored: could not delete " + charts + ": " + e);
            }
        }
    }

    /**
     * The digits CNN with a Monitor shown in a notebook: a display that does with each chart image
     * what the kernel does (encode it as PNG, then base64), at the notebook's default frame rate.
     */
    @State(Scope.Thread)
    public static class NotebookMonitoredDigitsCnn extends MonitoredStep {
        @Setup
        public void setup() {
            init(TrainingStepBench::digitsCnn, 64, 1, 8, 8);
        }

        @Override
        LiveView view() {
            return new NotebookView(new EncodingDisplay());
        }
    }

    /** A notebook display that encodes what it shows as the kernel does, and sends it nowhere. */
    static final class EncodingDisplay implements Display {
        @Override
        public DisplayHandle display(Object value) {
            encode(value);
            return DisplayHandle.of("bench", EncodingDisplay::encode);
        }

        private static void encode(Object value) {
            Base64.getEncoder().encodeToString(Png.encode((RenderedImage) value));
        }
    }

    /** Two 3x3 convolutions on CIFAR-sized images, batch 32: 32x32 -> 16x16 -> 8x8, then 64*8*8 = 4096 features. */
    @State(Scope.Thread)
    public static class CifarCnn extends Step {
        @Setup
        public void setup() {
            init(() -> new Sequential(
                    new Conv2d(3, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                    new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                    new Flatten(), new Linear(4096, CLASSES)), 32, 3, 32, 32);
        }
    }

    @Benchmark
    public Tensor digitsMlp(DigitsMlp s) {
        return s.step();
    }

    @Benchmark
    public Tensor mnistMlp(MnistMlp s) {
        return s.step();
    }

    @Benchmark
    public Tensor digitsCnn(DigitsCnn s) {
        return s.step();
    }

    @Benchmark
    public Tensor digitsCnnMonitored(MonitoredDigitsCnn s) {
        return s.step();
    }

    @Benchmark
    public Tensor digitsCnnNotebookMonitored(NotebookMonitoredDigitsCnn s) {
        return s.step();
    }

    @Benchmark
    public Tensor cifarCnn(CifarCnn s) {
        return s.step();
    }
}

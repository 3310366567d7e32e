package dev.hookbook.kernel;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.eval.Evaluator;
import dev.hookbook.kernel.magic.Magics;
import dev.hookbook.kernel.render.Renderers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long session must not grow without bound: the same cell (build a small model, call it,
 * backward, display a chart) run many times in one session keeps the live heap and the cell time
 * flat, because the session moves to a fresh JShell now and then (see {@code SessionRenewal}).
 * CI runs a reduced form ({@value #CI_CELLS} cells, moving every {@value #CI_RENEW_EVERY}
 * snippets, so that it moves several times); the full soak runs 2,000 cells at the default
 * period with {@code -Dhookbook.soak.cells=2000} (see kernel/README.md).
 */
class SessionSoakTest {

    static final int CI_CELLS = 50;
    static final int CI_RENEW_EVERY = 80; // every 10 cells, so each checkpoint comes just before a move

    /** The snippets in {@link #CELL}. */
    static final int CELL_SNIPPETS = 8;

    static final String CELL = String.join("\n",
            "var model = new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 1));",
            "var x = Tensor.randn(2048, 8);",
            "var y = model.call(x);",
            "var loss = y.pow(2f).mean();",
            "loss.backward();",
            "model.call(x);",
            "display(Charts.curves(\"loss\", \"one point\", \"step\", \"loss\",",
            "        Map.of(\"train\", new double[][]{{0, loss.item()}, {1, loss.item() / 2}})));",
            "loss.item()");

    @TempDir
    Path directory;

    /** Renders what the cell displays, as the kernel does, and keeps nothing. */
    static final class RenderingDisplay implements Display {
        final Session session;
        long rendered;

        RenderingDisplay(Session session) {
            this.session = session;
        }

        @Override
        public DisplayHandle display(Object value) {
            MimeBundle bundle = session.renderers().render(value);
            rendered += bundle.data().size();
            return DisplayHandle.of("soak", newValue -> session.renderers().render(newValue));
        }
    }

    @Test
    void aLongSessionKeepsItsHeapAndCellTimeFlat() throws CellException {
        int cells = Integer.getInteger("hookbook.soak.cells", CI_CELLS);
        int every = Math.max(10, cells / 8);
        int renewEvery = Integer.getInteger("hookbook.kernel.renewAfterSnippets",
                cells == CI_CELLS ? CI_RENEW_EVERY : Evaluator.DEFAULT_RENEW_EVERY);
        Evaluator evaluator = new Evaluator(List.of(TestPaths.kernelClassPath().split(File.pathSeparator)), renewEvery);
        try (Session session = new Session(evaluator, new Renderers(), Magics.defaults(), directory)) {
            RenderingDisplay display = new RenderingDisplay(session);
            try (SessionGlobals ignored = SessionGlobals.install(session.renderers(), null, display)) {
                List<long[]> checkpoints = new ArrayList<>(); // {cell, live heap bytes, median cell ns}
                long[] times = new long[every];
                for (int cell = 1; cell <= cells; cell++) {
                    long start = System.nanoTime();
                    session.run(CELL, "cell " + cell);
                    times[(cell - 1) % every] = System.nanoTime() - start;
                    if (cell % every == 0) {
                        long[] sorted = times.clone();
                        Arrays.sort(sorted);
                        int renewals = evaluator.renewals(); // waits for a move that runs after the cell
                        checkpoints.add(new long[] {cell, liveHeap(), sorted[every / 2]});
                        if (Boolean.getBoolean("hookbook.soak.histogram")) {
                            histogram(cell);
                        }
                        System.out.printf("soak: cell %5d  live heap %7.1f MB  median cell %6.1f ms  fresh JShells %d%n",
                                cell, checkpoints.get(checkpoints.size() - 1)[1] / 1e6,
                                checkpoints.get(checkpoints.size() - 1)[2] / 1e6, renewals);
                    }
                }
                assertTrue(display.rendered > 0, "the cell's chart was displayed");
                assertTrue(renewEvery == 0 || evaluator.renewals() >= cells * CELL_SNIPPETS / renewEvery - 1,
                        "moved to a fresh JShell " + evaluator.renewals() + " times in " + cells + " cells: "
                                + evaluator.renewalObstacle().orElse("no obstacle given"));
                // Compare the last checkpoint with the third (the first two include warm-up: the
                // JIT, the chart classes, the engine's buffer pool).
                long[] early = checkpoints.get(2);
                long[] late = checkpoints.get(checkpoints.size() - 1);
                long perCell = (late[1] - early[1]) / (late[0] - early[0]);
                assertTrue(perCell < 20_000,
                        "live heap grew " + perCell + " bytes per cell, from " + early[1] / 1_000_000 + " MB at cell "
                                + early[0] + " to " + late[1] / 1_000_000 + " MB at cell " + late[0]);
                assertTrue(late[2] < early[2] * 3 + 50_000_000L,
                        "median cell time went from " + early[2] / 1_000_000 + " ms at cell " + early[0]
                                + " to " + late[2] / 1_000_000 + " ms at cell " + late[0]);
            }
        }
    }

    /** Writes a class histogram of this JVM to target/soak/histogram-CELL.txt (with -Dhookbook.soak.histogram=true). */
    static void histogram(int cell) {
        try {
            Path file = TestPaths.moduleDirectory().resolve("target/soak/histogram-" + cell + ".txt");
            java.nio.file.Files.createDirectories(file.getParent());
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            jcmd.waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The bytes of the objects alive now: the total of a class histogram, which takes a full
     * collection first. Steadier than the heap's used bytes after {@code System.gc()}, which
     * vary by a few megabytes with what the collector left in its regions.
     */
    static long liveHeap() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] total = histogram.strip().lines().reduce((first, second) -> second).orElseThrow().trim().split("\\s+");
            return Long.parseLong(total[total.length - 1]);
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("no class histogram from this JVM", e);
        }
    }
}

package dev.hookbook.kernel;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.eval.CellException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long session must not grow without bound: the same cell (build a small model, call it,
 * backward, display a chart) run many times in one session keeps the live heap and the cell time
 * flat. CI runs a reduced form ({@value #CI_CELLS} cells); the full soak runs 2,000 cells with
 * {@code -Dhookbook.soak.cells=2000} (see kernel/README.md).
 */
class SessionSoakTest {

    static final int CI_CELLS = 50;

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
        try (Session session = TestPaths.newSession(directory)) {
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
                        checkpoints.add(new long[] {cell, liveHeap(), sorted[every / 2]});
                        if (Boolean.getBoolean("hookbook.soak.histogram")) {
                            histogram(cell);
                        }
                        System.out.printf("soak: cell %5d  live heap %7.1f MB  median cell %6.1f ms%n",
                                cell, checkpoints.get(checkpoints.size() - 1)[1] / 1e6,
                                checkpoints.get(checkpoints.size() - 1)[2] / 1e6);
                    }
                }
                assertTrue(display.rendered > 0, "the cell's chart was displayed");
                // Compare the last checkpoint with the second (the first includes warm-up).
                long[] early = checkpoints.get(1);
                long[] late = checkpoints.get(checkpoints.size() - 1);
                long perCell = (late[1] - early[1]) / (late[0] - early[0]);
                assertTrue(perCell < 200_000,
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

    /** Heap in use after full collections, settled. */
    static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}

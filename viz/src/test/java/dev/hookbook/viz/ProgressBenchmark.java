package dev.hookbook.viz;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What a progress bar adds to each step of a loop: a loop that only adds numbers, with and
 * without {@code Progress.step()} (drawn on a terminal line that goes nowhere). Not a unit test:
 * run it by hand, on a quiet machine. (On a loaded 2-core machine: about 35 ns a step, one
 * {@code System.nanoTime()} call; a training step takes milliseconds.)
 *
 * <pre>
 * mvn -q -o -pl viz -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp viz/target/classes:viz/target/test-classes:$(cat viz/target/cp.txt) dev.hookbook.viz.ProgressBenchmark
 * </pre>
 */
public final class ProgressBenchmark {

    private static final int STEPS = 20_000_000;
    private static long sink;

    public static void main(String[] args) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        for (int round = 0; round < 5; round++) {
            long plain = time(() -> {
                long sum = 0;
                for (int i = 0; i < STEPS; i++) {
                    sum += i;
                }
                sink += sum;
            });
            long counted = time(() -> {
                long sum = 0;
                try (Progress progress = Progress.start(STEPS, "bench", System::nanoTime, null, nowhere)) {
                    for (int i = 0; i < STEPS; i++) {
                        sum += i;
                        progress.step();
                    }
                }
                sink += sum;
            });
            System.out.printf(Locale.ROOT, "round %d: %.1f ns per step with a bar, %.1f ns without%n",
                    round, counted / (double) STEPS, plain / (double) STEPS);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    private static long time(Runnable loop) {
        long start = System.nanoTime();
        loop.run();
        return System.nanoTime() - start;
    }
}

package dev.hookbook.viz;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what failed while a {@link Monitor} recorded or drew. Only the first failure is printed
 * (to standard error), so a broken display cannot flood the output; none of them stops training.
 */
final class ProblemCounter {
    private final AtomicInteger count = new AtomicInteger();

    /** Counts a failure of {@code doing} ("drawing the charts"); prints it if it is the first. */
    void report(String doing, Throwable e) {
        if (count.incrementAndGet() == 1) {
            System.err.println("Monitor: " + doing + " failed (training goes on; later failures are counted, see problems()): " + e);
        }
    }

    int count() {
        return count.get();
    }
}

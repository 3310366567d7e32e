package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.eval.CellException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-cell time limit ({@code --timeout}, as nbclient has one): a cell still running when
 * its time is up is stopped, and its error says it ran out of time.
 */
final class CellTimeout implements AutoCloseable {

    /** nbclient has none by default; a run left alone (in CI, say) should end, so ten minutes a cell. */
    static final Duration DEFAULT = Duration.ofSeconds(600);

    private final Duration limit;
    private final Runnable interruptCell;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hookbook-cell-timeout");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code limit} zero: no limit; {@code interruptCell} stops the running cell from another thread. */
    CellTimeout(Duration limit, Runnable interruptCell) {
        this.limit = limit;
        this.interruptCell = interruptCell;
    }

    /** The clock of one cell: whether it ran out, and the error that says so. */
    interface Clock extends AutoCloseable {
        boolean ranOut();

        /** Stops the clock (the cell ended). */
        @Override
        void close();
    }

    /** Starts the clock for cell {@code number}. */
    Clock start(int number) {
        AtomicBoolean ranOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = limit.isZero() ? null : timer.schedule(() -> {
            ranOut.set(true);
            interruptCell.run();
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        return new Clock() {
            @Override
            public boolean ranOut() {
                return ranOut.get();
            }

            @Override
            public void close() {
                if (alarm != null) {
                    alarm.cancel(false);
                }
            }
        };
    }

    /** The error of cell {@code number} that ran out of time. */
    CellException error(int number) {
        String message = "cell " + number + " was still running after " + limit.toSeconds()
                + " s, the limit per cell (--timeout SECONDS)";
        return new CellException("Timeout", message, List.of("Timeout: " + message), 0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

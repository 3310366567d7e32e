package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.eval.CellException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-cell time limit ({@code --timeout}, as nbclient has one): a cell still running when
 * its time is up is stopped, and its error says it ran out of time. A cell that does not stop
 * (one that catches the stop and goes on) is given up {@link #GRACE} later: the run ends then
 * all the same, as nbclient ends it by killing its kernel. A cell stopped by a signal gets the
 * same grace ({@link Clock#stopped()}).
 */
final class CellTimeout implements AutoCloseable {

    /** nbclient has none by default; a run left alone (in CI, say) should end, so ten minutes a cell. */
    static final Duration DEFAULT = Duration.ofSeconds(600);

    /** How long a cell that ran out of time has to stop before the run is ended without it. */
    static final Duration GRACE = Duration.ofSeconds(5);

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

        /** Whether the cell did not stop in time and was given up: the run is being ended without it. */
        boolean givenUp();

        /**
         * The cell was stopped from outside (a signal, from any thread): unless it ends within
         * {@link #GRACE}, it is given up as one that ran out of time and did not stop.
         */
        void stopped();

        /** Stops the clock (the cell ended); after this the cell is never given up. */
        @Override
        void close();
    }

    /**
     * Starts the clock for cell {@code number}; {@code giveUp} runs (on the timer's thread) if the
     * cell is still running {@link #GRACE} after it was stopped, and must end the run.
     */
    Clock start(int number, Runnable giveUp) {
        CellClock clock = new CellClock(giveUp);
        if (!limit.isZero()) {
            // Whole seconds, which a schedule takes up to Long.MAX_VALUE (a Duration's millis would overflow).
            long seconds = limit.getSeconds();
            long grace = GRACE.getSeconds();
            clock.schedule(clock::runOut, seconds);
            clock.schedule(clock::giveUp, Math.min(seconds, Long.MAX_VALUE - grace) + grace);
        }
        return clock;
    }

    /** One cell's clock: it runs out (the cell is stopped), then gives the cell up unless closed first. */
    private final class CellClock implements Clock {
        private final Runnable giveUp;
        private final List<ScheduledFuture<?>> alarms = new ArrayList<>(); // guarded by this
        private final AtomicBoolean ranOut = new AtomicBoolean();
        private boolean closed;
        private boolean givenUp;

        CellClock(Runnable giveUp) {
            this.giveUp = giveUp;
        }

        private synchronized void schedule(Runnable alarm, long seconds) {
            if (closed) {
                return;
            }
            try {
                alarms.add(timer.schedule(alarm, seconds, TimeUnit.SECONDS));
            } catch (RejectedExecutionException e) {
                // The run is closing: there is no cell left to give up.
            }
        }

        @Override
        public void stopped() {
            schedule(this::giveUp, GRACE.getSeconds());
        }

        private void runOut() {
            ranOut.set(true);
            interruptCell.run();
        }

        private void giveUp() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                givenUp = true;
            }
            giveUp.run();
        }

        @Override
        public boolean ranOut() {
            return ranOut.get();
        }

        @Override
        public synchronized boolean givenUp() {
            return givenUp;
        }

        @Override
        public synchronized void close() {
            closed = true;
            alarms.forEach(alarm -> alarm.cancel(false));
        }
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

package dev.hookbook.viz.live;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Draws frames on its own thread, throttled, so the training thread only asks and never waits.
 *
 * <p>{@link #request()} schedules one frame unless one is already pending. A frame starts no
 * sooner than {@code 1 / framesPerSecond} after the previous one started, and no sooner than
 * {@link #IDLE_PER_DRAW} times the previous frame's drawing time after it ended, so drawing takes
 * at most about a tenth of one core however slow it is (training keeps the cores). Requests that arrive while a frame is pending share it,
 * and the pending frame draws the latest data: the last request is always followed by a frame
 * (a trailing frame), so the final state appears without a flush. {@link #flush()} draws a frame
 * now and waits for it. A frame that throws is reported to {@code onError} and the loop goes on.
 */
public final class FrameLoop implements AutoCloseable {
    /** How long the drawing thread rests after a frame, as a multiple of the frame's drawing time. */
    static final int IDLE_PER_DRAW = 9;
    private final Runnable frame;
    private final long intervalNanos;
    private final Consumer<Throwable> onError;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long earliestNext = System.nanoTime();
    private volatile long frames;

    public FrameLoop(Runnable frame, double framesPerSecond, Consumer<Throwable> onError) {
        if (!(framesPerSecond > 0)) throw new IllegalArgumentException("framesPerSecond must be > 0, got " + framesPerSecond);
        this.frame = frame;
        this.intervalNanos = (long) (1e9 / framesPerSecond);
        this.onError = onError;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hookbook-live-charts");
            t.setDaemon(true); // never keeps a JShell or test JVM alive
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** Asks for a frame with the latest data; returns at once. */
    public void request() {
        if (thread.isShutdown() || !pending.compareAndSet(false, true)) return;
        schedule(Math.max(0, earliestNext - System.nanoTime()));
    }

    private void schedule(long delayNanos) {
        try {
            thread.schedule(this::onTime, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            pending.set(false);
        }
    }

    /** The pending frame's time has come, unless a flush drew a frame meanwhile: then wait again. */
    private void onTime() {
        long wait = earliestNext - System.nanoTime();
        if (wait > 0) {
            schedule(wait);
            return;
        }
        pending.set(false); // requests from now on need a frame after this one
        draw();
    }

    /** Draws a frame now (after any frame in progress) and waits until it is done. */
    public void flush() {
        if (thread.isShutdown()) return;
        Future<?> done;
        try {
            done = thread.submit(this::draw);
        } catch (RejectedExecutionException closed) {
            return;
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            onError.accept(e.getCause()); // draw() catches everything; this is only for safety
        }
    }

    /** How many frames have been drawn (or tried). */
    public long frames() {
        return frames;
    }

    private void draw() {
        long start = System.nanoTime();
        try {
            frame.run();
        } catch (Throwable t) {
            onError.accept(t);
        } finally {
            frames++;
            long end = System.nanoTime();
            earliestNext = Math.max(start + intervalNanos, end + IDLE_PER_DRAW * (end - start));
        }
    }

    /** Stops the thread after the frame in progress; pending frames are dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

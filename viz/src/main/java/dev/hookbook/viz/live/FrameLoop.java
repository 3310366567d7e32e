package dev.hookbook.viz.live;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Draws frames on its own thread, throttled, so the training thread only asks and never waits.
 *
 * <p>{@link #request()} schedules one live frame unless one is already pending. A live frame
 * starts no sooner than {@code 1 / framesPerSecond} after the previous one started, and no sooner
 * than {@link #IDLE_PER_DRAW} times the previous frame's CPU time after it ended, so drawing
 * takes at most a quarter of one core however slow it is (training keeps the rest). CPU time,
 * not wall time: on a busy machine a frame waits longer for a core but costs the same, and
 * counting the wait would slow the frames down for nothing. Requests that
 * arrive while a frame is pending share it, and the pending frame draws the latest data: the last
 * request is always followed by a frame (a trailing frame), so the final state appears without a
 * flush. {@link #flush()} draws the full frame now and waits for it; it does not hold back the
 * next live frame, so the first request after the flush of {@code show()} (the first training
 * step) is drawn at once. A frame that throws is reported to {@code onError} and the loop goes on.
 */
public final class FrameLoop implements AutoCloseable {
    /** How long the drawing thread rests after a frame, as a multiple of the frame's drawing time. */
    static final int IDLE_PER_DRAW = 3;
    private final Runnable liveFrame;
    private final Runnable fullFrame;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Consumer<Throwable> onError;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long earliestNext;
    private volatile long frames;

    /** A loop whose live frames and flushes both run {@code frame}. */
    public FrameLoop(Runnable frame, double framesPerSecond, Consumer<Throwable> onError) {
        this(frame, frame, framesPerSecond, onError, System::nanoTime);
    }

    /**
     * A loop that runs {@code liveFrame} when asked by {@link #request()} and {@code fullFrame} on
     * {@link #flush()}; {@code clock} gives the time in nanoseconds (tests pass their own).
     */
    public FrameLoop(Runnable liveFrame, Runnable fullFrame, double framesPerSecond, Consumer<Throwable> onError,
                     LongSupplier clock) {
        if (!(framesPerSecond > 0)) throw new IllegalArgumentException("framesPerSecond must be > 0, got " + framesPerSecond);
        this.liveFrame = liveFrame;
        this.fullFrame = fullFrame;
        this.intervalNanos = (long) (1e9 / framesPerSecond);
        this.onError = onError;
        this.clock = clock;
        this.earliestNext = clock.getAsLong();
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
        schedule(Math.max(0, earliestNext - clock.getAsLong()));
    }

    private void schedule(long delayNanos) {
        try {
            thread.schedule(this::onTime, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            pending.set(false);
        }
    }

    /** The pending frame's time has come, unless the frame before it pushed it back: then wait again. */
    private void onTime() {
        long start = clock.getAsLong();
        if (earliestNext > start) {
            schedule(earliestNext - start);
            return;
        }
        pending.set(false); // requests from now on need a frame after this one
        earliestNext = start + intervalNanos; // a request while this frame draws waits for the next slot
        long cpu = cpuTime();
        draw(liveFrame);
        long end = clock.getAsLong();
        long spent = cpu < 0 ? end - start : cpuTime() - cpu;
        earliestNext = Math.max(start + intervalNanos, end + IDLE_PER_DRAW * spent);
    }

    /** Draws the full frame now (after any frame in progress) and waits until it is done. */
    public void flush() {
        if (thread.isShutdown()) return;
        Future<?> done;
        try {
            done = thread.submit(() -> draw(fullFrame));
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

    /** The frame thread's CPU time in nanoseconds, or -1 where the JVM cannot tell. */
    private static long cpuTime() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    private void draw(Runnable frame) {
        try {
            frame.run();
        } catch (Throwable t) {
            onError.accept(t);
        } finally {
            frames++;
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

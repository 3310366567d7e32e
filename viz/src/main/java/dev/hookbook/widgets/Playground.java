package dev.hookbook.widgets;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Training that runs live while the notebook stays usable, as in TensorFlow Playground: a
 * play/pause button ({@link #button()}, a {@link ToggleButtons}) starts and stops a loop on a
 * thread of its own that calls {@code step} (one training step, written in the notebook) again
 * and again, and {@code draw} (the pictures, set into {@link Image} widgets) a few times a second
 * and once more when it pauses. Everything that touches the model runs on that one thread, so
 * {@code step} may rebuild it: a control moved in the browser is read by the next step.
 * {@link #runOnLoop} hands that thread a job of the notebook's (a redraw after the data changed
 * while paused). The kernel keeps answering cells while the loop runs.
 *
 * <pre>{@code
 * var playground = new Playground(() -> trainStep(), () -> boundary.setValue(Charts.decisionBoundary(model, x, y)), 4);
 * display(new HBox(playground.button(), playground.status()));
 * }</pre>
 *
 * <p>A step that throws pauses the loop; the status label shows the error and {@link #error()}
 * returns it. Outside a kernel (no widgets) {@link #play()} and {@link #awaitSteps} run the same
 * loop, so a notebook run headless can train for a bounded number of steps.
 */
public final class Playground implements AutoCloseable {

    /** The button's options: paused, then playing. */
    public static final List<String> OPTIONS = List.of("pause", "play");

    private final Runnable step;
    private final Runnable draw;
    private final long frameNanos;
    private final ToggleButtons button = new ToggleButtons("", OPTIONS);
    private final Label status = new Label("step 0");
    private final Queue<Runnable> jobs = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private final Thread loop;
    private volatile long steps;
    private long stopAt = Long.MAX_VALUE;   // runSteps' last step; guarded by lock
    private volatile Throwable error;
    private volatile boolean closed;
    private boolean parked;             // the loop waits, paused, with nothing to do; guarded by lock

    /**
     * A paused playground that calls {@code step} while playing and {@code draw} at most
     * {@code framesPerSecond} times a second (and after the last step before a pause).
     */
    public Playground(Runnable step, Runnable draw, int framesPerSecond) {
        if (step == null || draw == null || framesPerSecond <= 0) {
            throw new IllegalArgumentException("Playground expected a step, a draw and framesPerSecond > 0, got step="
                    + step + ", draw=" + draw + ", framesPerSecond=" + framesPerSecond);
        }
        this.step = step;
        this.draw = draw;
        this.frameNanos = 1_000_000_000L / framesPerSecond;
        button.observe(value -> wake());
        loop = new Thread(this::run, "hookbook-playground");
        loop.setDaemon(true);      // a forgotten playground does not keep the kernel alive
        loop.start();
    }

    /** The play/pause button: {@code "play"} trains, {@code "pause"} stops after the current step. */
    public ToggleButtons button() {
        return button;
    }

    /** A label saying the step reached, or why the loop stopped. */
    public Label status() {
        return status;
    }

    /** Starts training (as pressing play does). */
    public void play() {
        button.setValue("play");
    }

    /**
     * Pauses (as pressing pause does) and, called from another thread than the loop's, returns
     * once the loop has finished its step and its last draw and waits, so the model can then be
     * read safely from a cell (waits 60 s at most).
     */
    public void pause() {
        button.setValue("pause");
        if (Thread.currentThread() == loop) {
            return;
        }
        long end = System.nanoTime() + 60_000_000_000L;
        synchronized (lock) {
            while (!parked && !closed && System.nanoTime() < end) {
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether the loop is playing. */
    public boolean playing() {
        return "play".equals(button.value());
    }

    /**
     * Plays {@code count} steps more, then pauses; returns once they ran (or the loop stopped, or
     * {@code timeoutMillis} passed, then pausing where it is), the loop parked as after
     * {@link #pause()}. Returns whether all {@code count} steps ran. A notebook run without
     * widgets trains this way for a bounded time.
     */
    public boolean runSteps(long count, long timeoutMillis) throws InterruptedException {
        long target;
        synchronized (lock) {
            target = steps + count;
            stopAt = target;
        }
        play();
        boolean reached = awaitSteps(target, timeoutMillis);
        pause();
        return reached;
    }

    /** The number of steps run so far. */
    public long steps() {
        return steps;
    }

    /** The error that stopped the loop, or null. */
    public Throwable error() {
        return error;
    }

    /** Runs {@code job} on the loop's thread before its next step, also while paused; draws after it. */
    public void runOnLoop(Runnable job) {
        jobs.add(job);
        wake();
    }

    /**
     * Waits until {@code count} steps in all have run, the loop paused, or {@code timeoutMillis}
     * passed; returns whether the steps were reached.
     */
    public boolean awaitSteps(long count, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (lock) {
            while (steps < count && playing() && !closed) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) break;
                lock.wait(left);
            }
        }
        return steps >= count;
    }

    /** Stops the loop's thread for good (the widgets stay). */
    @Override
    public void close() {
        closed = true;
        wake();
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void run() {
        long lastDraw = System.nanoTime();
        boolean behind = false;              // steps were run since the last draw
        while (!closed) {
            boolean ranJobs = runJobs();
            if (!playing()) {
                if (behind || ranJobs) {
                    if (safely(draw) && error == null) status.setValue("step " + steps);
                    behind = false;
                }
                synchronized (lock) {
                    if (!playing() && !closed && jobs.isEmpty()) {
                        parked = true;
                        lock.notifyAll();        // a waiter in awaitSteps or pause sees the pause
                        waitQuietly();
                        parked = false;
                    }
                }
                continue;
            }
            if (!safely(step)) {
                continue;
            }
            boolean last;
            synchronized (lock) {
                steps++;
                last = steps >= stopAt;
                if (last) stopAt = Long.MAX_VALUE;
                lock.notifyAll();
            }
            if (last) button.setValue("pause");
            behind = true;
            long now = System.nanoTime();
            if (now - lastDraw >= frameNanos) {
                safely(draw);
                status.setValue("step " + steps);
                lastDraw = now;
                behind = false;
            }
        }
    }

    private boolean runJobs() {
        boolean ran = false;
        // only the jobs queued by now: one handed in while these run waits for the draw after them
        for (int left = jobs.size(); left > 0; left--) {
            Runnable job = jobs.poll();
            if (job == null) break;
            ran = true;
            if (!safely(job)) break;
        }
        return ran;
    }

    /** Runs {@code task}; on an error, pauses and shows it. */
    private boolean safely(Runnable task) {
        try {
            task.run();
            return true;
        } catch (RuntimeException | Error e) {
            error = e;
            status.setValue("stopped at step " + steps + ": " + e);
            pause();
            return false;
        }
    }

    private void waitQuietly() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}

package dev.hookbook.backend.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits a loop over the machine's cores. The calling thread takes chunks too and keeps taking
 * them until none are left, so a call never waits on a busy pool (no deadlock when kernels run
 * on several user threads at once).
 */
final class Parallel {
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "hookbook-cpu");
        t.setDaemon(true);
        return t;
    });

    /**
     * Elements of work a task needs before a second core is worth waking (see {@link #unitsPerTask}).
     * Handing a task to a parked pool thread costs 20-40 us here; 2^18 elements of copying,
     * pooling or normalising take 50-150 us. With the old 2^14, the digits CNN's im2col, pooling
     * and batch-norm kernels (a few microseconds each) were split, and when the second core was
     * busy (a live chart drawing, a garbage collection) the step waited for the preempted half.
     */
    static final long MIN_WORK_PER_TASK = 1L << 18;

    /** The body of a loop over [from, to). */
    interface Range {
        void run(int from, int to);
    }

    private Parallel() {}

    /**
     * How many units (planes, channels, rows) one task takes when each unit touches
     * {@code workPerUnit} elements: enough for {@link #MIN_WORK_PER_TASK}, at least one.
     */
    static int unitsPerTask(long workPerUnit) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_WORK_PER_TASK / Math.max(1, workPerUnit)));
    }

    /** Runs body over [0, n) in up to one chunk per core, each of at least {@code grain} iterations. */
    static void forRange(int n, int grain, Range body) {
        int tasks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (tasks <= 1) {
            body.run(0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int c;
            while ((c = next.getAndIncrement()) < tasks) {
                try {
                    body.run((int) ((long) c * n / tasks), (int) ((long) (c + 1) * n / tasks));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = 1; i < tasks; i++) POOL.execute(worker);
        worker.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
    }
}

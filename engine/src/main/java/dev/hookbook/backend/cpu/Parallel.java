package dev.hookbook.backend.cpu;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over the machine's cores. The calling thread takes chunks too and keeps taking
 * them until none are left, so a call never waits on a busy pool (no deadlock when kernels run
 * on several user threads at once).
 *
 * <p>Waking a parked thread costs 20-40 us here, more than most kernels of a small model take.
 * So a pool thread that runs out of work keeps looking for more for a while ({@link #SPIN_NANOS})
 * before it parks, as OpenMP's threads do: while one is looking, handing it work costs about a
 * microsecond, and loops split from a sixteenth of the work a cold handoff needs. A loop big
 * enough to split that way, which finds every pool thread parked, runs on the caller alone and
 * wakes one, so the kernels after it (the rest of a training step) find it looking.
 */
final class Parallel {
    static final int THREADS = Runtime.getRuntime().availableProcessors();

    /**
     * Elements of work a task needs before a second core is worth waking (see {@link #unitsPerTask}).
     * Handing a task to a parked pool thread costs 20-40 us here; 2^18 elements of copying,
     * pooling or normalising take 50-150 us. With the old 2^14, the digits CNN's im2col, pooling
     * and batch-norm kernels (a few microseconds each) were split, and when the second core was
     * busy (a live chart drawing, a garbage collection) the step waited for the preempted half.
     */
    static final long MIN_WORK_PER_TASK = 1L << 18;

    /** How much less work a task needs when a pool thread is awake and looking for it. */
    static final int AWAKE_GRAIN_DIVISOR = 16;

    /**
     * How long a pool thread with nothing to do looks for work before it parks:
     * {@code -Dhookbook.cpu.spinMicros} (default 200; 0 parks at once, as a plain thread pool).
     */
    static final long SPIN_NANOS = Math.max(0, Long.getLong("hookbook.cpu.spinMicros", 200)) * 1000;

    private static final ConcurrentLinkedQueue<Runnable> WORK = new ConcurrentLinkedQueue<>();
    /** Pool threads not parked: looking for work, or running some. */
    private static final AtomicInteger AWAKE = new AtomicInteger();
    private static final Worker[] WORKERS = new Worker[Math.max(0, THREADS - 1)];

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker();
            WORKERS[i].start();
        }
    }

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

    /**
     * Runs body over [0, n) in up to one chunk per core, each of at least {@code grain} iterations
     * (a sixteenth of that while a pool thread is awake).
     */
    static void forRange(int n, int grain, Range body) {
        grain = Math.max(1, grain);
        int awakeGrain = Math.max(1, grain / AWAKE_GRAIN_DIVISOR);
        boolean awake = awake();
        int tasks = Math.min(THREADS, Math.max(1, n / (awake ? awakeGrain : grain)));
        if (tasks <= 1) {
            if (!awake && grain >= AWAKE_GRAIN_DIVISOR && n >= 2 * awakeGrain) wakeOne();
            body.run(0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable chunks = () -> {
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
        for (int i = 1; i < tasks; i++) WORK.offer(chunks);
        for (Worker w : WORKERS) if (w.parked) LockSupport.unpark(w);
        chunks.run();
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

    /** Wakes a parked pool thread (if any) to look for the next loop's work. */
    private static void wakeOne() {
        if (SPIN_NANOS == 0) return;
        for (Worker w : WORKERS) {
            if (w.parked) {
                LockSupport.unpark(w);
                return;
            }
        }
    }

    /** Whether a pool thread is awake now, so that handing it work costs about a microsecond instead of a wake-up. */
    static boolean awake() {
        return SPIN_NANOS > 0 && AWAKE.get() > 0;
    }

    /** A pool thread: runs chunks, looks for more for {@link #SPIN_NANOS}, then parks until unparked. */
    private static final class Worker extends Thread {
        // Set before the last look at the queue and read by submitters after they offer work, so
        // either the worker sees the work or the submitter sees it parked and unparks it.
        volatile boolean parked;

        Worker() {
            // The JVM's own thread group and the engine's class loader, not those of the thread
            // that first used the engine (in a notebook, a cell's): the pool belongs to no cell,
            // and a session moved to a fresh JShell neither waits for it nor keeps its loader.
            super(rootThreadGroup(), "hookbook-cpu");
            setDaemon(true);
            setContextClassLoader(Parallel.class.getClassLoader());
        }

        private static ThreadGroup rootThreadGroup() {
            ThreadGroup g = Thread.currentThread().getThreadGroup();
            while (g.getParent() != null) g = g.getParent();
            return g;
        }

        @Override
        public void run() {
            AWAKE.incrementAndGet();
            while (true) {
                Runnable r = lookForWork();
                if (r == null) {
                    parked = true;
                    AWAKE.decrementAndGet();
                    if ((r = WORK.poll()) == null) LockSupport.park(this);
                    AWAKE.incrementAndGet();
                    parked = false;
                }
                if (r != null) r.run(); // chunks catch what their body throws
            }
        }

        private static Runnable lookForWork() {
            Runnable r = WORK.poll();
            if (r != null || SPIN_NANOS == 0) return r;
            long end = System.nanoTime() + SPIN_NANOS;
            while ((r = WORK.poll()) == null && System.nanoTime() < end) Thread.onSpinWait();
            return r;
        }
    }
}

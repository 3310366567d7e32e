package dev.hookbook.trace.events;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's side of a trace: module calls, hooks, Functions, ops and backward steps report
 * to {@link #listener()}, which is a listener that does nothing unless this thread records.
 * While no thread records, finding that out costs one read of a counter, not a thread-local lookup.
 */
public final class Tracer {
    /** The listener of threads that record nothing. */
    public static final TraceListener NONE = new TraceListener() {};

    private static final AtomicInteger ACTIVE_RECORDINGS = new AtomicInteger();
    private static final ThreadLocal<TraceListener> LISTENER = ThreadLocal.withInitial(() -> NONE);

    private Tracer() {}

    /** This thread's listener: {@link #NONE} when nothing records. */
    public static TraceListener listener() {
        return ACTIVE_RECORDINGS.get() == 0 ? NONE : LISTENER.get();
    }

    /** Whether this thread is being recorded. */
    public static boolean active() {
        return listener() != NONE;
    }

    /** Sends this thread's events to {@code listener} until the returned scope closes (scopes nest). */
    public static Recording record(TraceListener listener) {
        TraceListener previous = LISTENER.get();
        LISTENER.set(listener);
        ACTIVE_RECORDINGS.incrementAndGet();
        return new Recording(previous);
    }

    /** Closed on the thread that opened it, gives that thread back its previous listener (once; closing again does nothing). */
    public static final class Recording implements AutoCloseable {
        private final TraceListener previous;
        private boolean closed;

        private Recording(TraceListener previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            LISTENER.set(previous);
            ACTIVE_RECORDINGS.decrementAndGet();
        }
    }
}

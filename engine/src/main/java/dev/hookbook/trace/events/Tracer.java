package dev.hookbook.trace;

import dev.hookbook.tensor.Tensor;

/**
 * The engine's side of {@link CallTrace}: module calls, hooks, Functions and ops report here,
 * and a recording trace listens. A single volatile check keeps the cost near zero when
 * nothing records.
 */
public final class Tracer {
    private static volatile boolean anyActive;
    private static final ThreadLocal<TraceListener> LISTENER = new ThreadLocal<>();

    private Tracer() {}

    /** Whether the current thread is being recorded. */
    public static boolean active() {
        return anyActive && LISTENER.get() != null;
    }

    /** The current thread's listener, or null. */
    public static TraceListener listener() {
        return anyActive ? LISTENER.get() : null;
    }

    static TraceListener install(TraceListener listener) {
        TraceListener previous = LISTENER.get();
        LISTENER.set(listener);
        if (listener != null) anyActive = true;
        return previous;
    }

    /** An op ran: {@code Mul} with its inputs and output. */
    public static void op(String op, Tensor[] inputs, Tensor out) {
        TraceListener l = listener();
        if (l != null) l.op(op, inputs, out);
    }
}

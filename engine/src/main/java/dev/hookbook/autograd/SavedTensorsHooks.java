package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pack and unpack hooks of {@link Autograd#savedTensorsHooks}, per thread, as PyTorch's
 * {@code torch.autograd.graph.saved_tensors_hooks}: scopes nest and the innermost open one
 * packs. While a hook runs, no hooks pack, so a hook may itself call ops.
 */
public final class SavedTensorsHooks {
    record Pair(Function<Tensor, Object> pack, Function<Object, Tensor> unpack) {}

    private static final ThreadLocal<Deque<Pair>> STACK = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ThreadLocal<int[]> SUSPENDED = ThreadLocal.withInitial(() -> new int[1]);

    private SavedTensorsHooks() {}

    static Scope push(Function<Tensor, Object> pack, Function<Object, Tensor> unpack) {
        if (pack == null || unpack == null) {
            throw new IllegalArgumentException("savedTensorsHooks(pack, unpack): expected two functions, got "
                    + (pack == null ? "null" : "a function") + " and " + (unpack == null ? "null" : "a function"));
        }
        Pair pair = new Pair(pack, unpack);
        STACK.get().push(pair);
        return new Scope(pair, Thread.currentThread());
    }

    /** The hooks that pack on this thread now: the innermost scope's, or null. */
    static Pair current() {
        return SUSPENDED.get()[0] > 0 ? null : STACK.get().peek();
    }

    static <T> T withoutHooks(Supplier<T> hook) {
        int[] suspended = SUSPENDED.get();
        suspended[0]++;
        try {
            return hook.get();
        } finally {
            suspended[0]--;
        }
    }

    /** Closing ends the scope's hooks on the thread that opened it (once; closing again does nothing). */
    public static final class Scope implements AutoCloseable {
        private final Pair pair;
        private final Thread owner;
        private boolean closed;

        private Scope(Pair pair, Thread owner) {
            this.pair = pair;
            this.owner = owner;
        }

        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("savedTensorsHooks: a scope is closed on the thread that opened it ("
                        + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            if (closed) return;
            closed = true;
            STACK.get().removeFirstOccurrence(pair);
        }
    }
}

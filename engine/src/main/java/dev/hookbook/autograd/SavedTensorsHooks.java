package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pack and unpack hooks of {@link Autograd#savedTensorsHooks}, per thread, as PyTorch's
 * {@code torch.autograd.graph.saved_tensors_hooks}: scopes nest and the innermost open one
 * packs. A hook runs in a fresh frame: the scopes open around it do not pack what the hook's
 * own ops save (so a hook may call ops without recursion), while a scope the hook opens itself
 * packs as usual until it closes. Activation checkpointing relies on this: its unpack hook
 * recomputes a segment under a pack hook of its own that collects the recomputed tensors.
 */
public final class SavedTensorsHooks {
    record Pair(Function<Tensor, Object> pack, Function<Object, Tensor> unpack) {}

    /** This thread's frames, the innermost first; each holds its open scopes, the innermost first. */
    private static final ThreadLocal<Deque<Deque<Pair>>> FRAMES = ThreadLocal.withInitial(() -> {
        Deque<Deque<Pair>> frames = new ArrayDeque<>();
        frames.push(new ArrayDeque<>());
        return frames;
    });

    private SavedTensorsHooks() {}

    static Scope push(Function<Tensor, Object> pack, Function<Object, Tensor> unpack) {
        if (pack == null || unpack == null) {
            throw new IllegalArgumentException("savedTensorsHooks(pack, unpack): expected two functions, got "
                    + (pack == null ? "null" : "a function") + " and " + (unpack == null ? "null" : "a function"));
        }
        Pair pair = new Pair(pack, unpack);
        Deque<Pair> frame = FRAMES.get().peek();
        frame.push(pair);
        return new Scope(pair, frame, Thread.currentThread());
    }

    /** The hooks that pack on this thread now: the innermost scope of the innermost frame, or null. */
    static Pair current() {
        return FRAMES.get().peek().peek();
    }

    /**
     * Runs a pack or unpack hook in a fresh frame: the scopes open now do not pack what the
     * hook saves, scopes the hook opens do, and the open scopes pack again once it returns.
     */
    static <T> T withoutHooks(Supplier<T> hook) {
        Deque<Deque<Pair>> frames = FRAMES.get();
        Deque<Pair> frame = new ArrayDeque<>();
        frames.push(frame);
        try {
            return hook.get();
        } finally {
            frames.removeFirstOccurrence(frame);
        }
    }

    /** Closing ends the scope's hooks on the thread that opened it (once; closing again does nothing). */
    public static final class Scope implements AutoCloseable {
        private final Pair pair;
        private final Deque<Pair> frame;
        private final Thread owner;
        private boolean closed;

        private Scope(Pair pair, Deque<Pair> frame, Thread owner) {
            this.pair = pair;
            this.frame = frame;
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
            frame.removeFirstOccurrence(pair);
        }
    }
}

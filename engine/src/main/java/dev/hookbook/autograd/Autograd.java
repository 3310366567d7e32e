package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/**
 * Whether ops record the gradient graph. Recording is on by default; {@code noGrad()} turns
 * it off for the current thread until the returned scope closes. Scopes nest.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *     var prediction = model.call(x);   // records nothing
 * }
 * }</pre>
 */
public final class Autograd {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {}

    /** A scope in which this thread records no graph; close it to restore the previous mode. */
    public static Scope noGrad() {
        int[] depth = DISABLED_DEPTH.get();
        depth[0]++;
        return new Scope(depth);
    }

    /** Whether ops on this thread currently record the graph. */
    public static boolean isGradEnabled() {
        return DISABLED_DEPTH.get()[0] == 0;
    }

    /**
     * A scope in which the tensors that ops save for backward go through {@code pack} when saved
     * (in forward) and come back through {@code unpack} when backward reads them, as PyTorch's
     * {@code torch.autograd.graph.saved_tensors_hooks}. Scopes nest (the innermost packs) and
     * belong to the thread that opened them.
     *
     * <pre>{@code
     * try (var s = Autograd.savedTensorsHooks(t -> { System.out.println("saved " + t); return t; }, o -> (Tensor) o)) {
 *     model.call(x).sum().backward();
 * }
     * }</pre>
     */
    public static SavedTensorsHooks.Scope savedTensorsHooks(java.util.function.Function<Tensor, Object> pack,
                                                            java.util.function.Function<Object, Tensor> unpack) {
        return SavedTensorsHooks.push(pack, unpack);
    }

    /** Closing restores gradient recording (once; closing again does nothing). */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }
}

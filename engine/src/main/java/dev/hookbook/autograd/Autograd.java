package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.List;

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

    /**
     * The gradients of {@code outputs} with respect to {@code inputs}, as PyTorch's
     * {@code torch.autograd.grad}: one per input, in order; no {@code grad()} is touched. Only
     * the nodes on a path from an output to an input run (the accumulators of other leaves do
     * not); the hooks on an input's gradient run before it is returned. {@code gradOutputs}
     * (null, or one per output, null entries meaning ones for a one-element output) weights
     * each output. With {@code createGraph} the backward rules record, so the gradients have
     * a history and can be differentiated again; {@code retainGraph} keeps the graph for
     * another pass. An input that no output depends on is an error unless {@code allowUnused},
     * and then its gradient is null.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        return Backprop.grad(outputs, inputs, gradOutputs, retainGraph, createGraph, allowUnused);
    }

    /** As {@link #grad(List, List, List, boolean, boolean, boolean)}, unused inputs being an error. */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, retainGraph, createGraph, false);
    }

    /**
     * {@code torch.autograd.grad(output, inputs)} of a one-element output: the gradient of each
     * input, recording no graph of the gradients and freeing the graph.
     *
     * <pre>{@code
     * Tensor dx = Autograd.grad(x.pow(3).sum(), x).get(0);
     * }</pre>
     */
    public static List<Tensor> grad(Tensor output, Tensor... inputs) {
        return grad(List.of(output), List.of(inputs), null, false, false, false);
    }

    /**
     * {@code torch.autograd.grad(output, inputs, create_graph=createGraph)}: with
     * {@code createGraph} the gradients can be differentiated again (the graph is then kept, as
     * PyTorch's {@code retain_graph} defaults to {@code create_graph}).
     *
     * <pre>{@code
     * Tensor dx = Autograd.grad(x.pow(3).sum(), true, x).get(0);   // 3x^2, with history
     * Tensor d2x = Autograd.grad(dx.sum(), x).get(0);               // 6x
     * }</pre>
     */
    public static List<Tensor> grad(Tensor output, boolean createGraph, Tensor... inputs) {
        return grad(List.of(output), List.of(inputs), null, createGraph, createGraph, false);
    }

    /**
     * Sets this thread's grad mode to {@code enabled} until the returned scope closes, which
     * restores the mode before: what the backward pass does with {@code createGraph}.
     */
    static GradMode gradMode(boolean enabled) {
        int[] depth = DISABLED_DEPTH.get();
        GradMode mode = new GradMode(depth, depth[0]);
        depth[0] = enabled ? 0 : depth[0] + 1;
        return mode;
    }

    /** Restores the grad mode saved when it was made. */
    static final class GradMode implements AutoCloseable {
        private final int[] depth;
        private final int saved;

        private GradMode(int[] depth, int saved) {
            this.depth = depth;
            this.saved = saved;
        }

        @Override
        public void close() {
            depth[0] = saved;
        }
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

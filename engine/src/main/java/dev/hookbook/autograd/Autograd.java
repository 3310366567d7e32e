package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Whether ops record the gradient graph, per thread, as PyTorch's grad mode. Recording is on by
 * default; {@code noGrad()} turns it off and {@code enableGrad()} back on for the current thread
 * until the returned scope closes. Scopes nest: the innermost open one decides, so
 * {@code noGrad} inside {@code enableGrad} inside {@code noGrad} records nothing, and closing a
 * scope gives back the mode of the scopes still open around it.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *     var prediction = model.call(x);   // records nothing
 *     try (var e = Autograd.enableGrad()) {
 *         var y = w.mul(x);             // records again
 *     }
 * }
 * }</pre>
 */
public final class Autograd {
    /**
     * This thread's open grad-mode scopes, the innermost first; none open means recording. A new
     * thread starts with none, as in PyTorch, unless the thread starting it shares its grad mode
     * with the threads it starts (see {@link #shareGradModeWithStartedThreads()}).
     */
    private static final ThreadLocal<Deque<Scope>> MODES = new InheritableThreadLocal<>() {
        @Override
        protected Deque<Scope> initialValue() {
            return new ArrayDeque<>();
        }

        @Override
        protected Deque<Scope> childValue(Deque<Scope> parentModes) {
            Deque<Scope> shared = SHARED_WITH_STARTED.get(); // runs on the starting thread
            return shared != null ? shared : new ArrayDeque<>();
        }
    };

    /** On a thread that shares one grad mode with the threads it starts: that mode's scopes. */
    private static final ThreadLocal<Deque<Scope>> SHARED_WITH_STARTED = new ThreadLocal<>();

    private Autograd() {}

    /** A scope in which this thread records no graph, as {@code torch.no_grad()}; close it to restore the previous mode. */
    public static Scope noGrad() {
        return setGradEnabled(false);
    }

    /**
     * A scope in which this thread records the graph even inside {@link #noGrad()} or inside a
     * backward pass (which runs under {@code noGrad}), as {@code torch.enable_grad()}; close it
     * to restore the previous mode. Activation checkpointing recomputes its segment this way.
     */
    public static Scope enableGrad() {
        return setGradEnabled(true);
    }

    /**
     * A scope in which this thread records the graph if {@code enabled}, as
     * {@code torch.set_grad_enabled(enabled)} used as a context manager:
     * {@code try (var g = Autograd.setGradEnabled(training)) { ... }}.
     */
    public static Scope setGradEnabled(boolean enabled) {
        Scope scope = new Scope(enabled, MODES.get(), Thread.currentThread());
        scope.modes.push(scope);
        return scope;
    }

    /**
     * Makes the threads this thread starts from now on share one grad mode, until the returned
     * handle closes: a scope opened and left open on one of them holds on the others, and may be
     * closed on any of them. This is how a notebook session's grad mode outlives a statement:
     * the kernel runs each statement on a fresh thread, started from one thread that shares, so
     * {@code Autograd.setGradEnabled(false);} (or {@code var ng = Autograd.noGrad();}) left open
     * holds for the later statements and cells, as {@code torch.set_grad_enabled(False)} holds
     * for a Python session. Threads those threads start begin with a grad mode of their own.
     */
    public static SharedGradMode shareGradModeWithStartedThreads() {
        Deque<Scope> shared = new java.util.concurrent.ConcurrentLinkedDeque<>();
        MODES.get(); // a thread inherits only values its parent holds
        Deque<Scope> previous = SHARED_WITH_STARTED.get();
        SHARED_WITH_STARTED.set(shared);
        return new SharedGradMode(shared, previous, Thread.currentThread());
    }

    /**
     * As {@link #shareGradModeWithStartedThreads()}, but the threads this thread starts join the
     * grad mode {@code continued} already shares, its open scopes included: a notebook session
     * that moves its snippets to a fresh starting thread keeps its grad mode.
     */
    public static SharedGradMode shareGradModeWithStartedThreads(SharedGradMode continued) {
        MODES.get(); // a thread inherits only values its parent holds
        Deque<Scope> previous = SHARED_WITH_STARTED.get();
        SHARED_WITH_STARTED.set(continued.modes);
        return new SharedGradMode(continued.modes, previous, Thread.currentThread());
    }

    /** A grad mode shared by the threads a thread starts; close it on that thread to stop sharing with threads started afterwards. */
    public static final class SharedGradMode implements AutoCloseable {
        private final Deque<Scope> modes;
        private final Deque<Scope> previous;
        private final Thread owner;

        private SharedGradMode(Deque<Scope> modes, Deque<Scope> previous, Thread owner) {
            this.modes = modes;
            this.previous = previous;
            this.owner = owner;
        }

        /** Whether the threads sharing this mode record the graph now (their open scopes decide, as {@link #isGradEnabled()}). */
        public boolean isGradEnabled() {
            Scope innermost = modes.peek();
            return innermost == null || innermost.enabled;
        }

        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("Autograd: a shared grad mode is closed on the thread that shared it ("
                        + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            if (SHARED_WITH_STARTED.get() == modes) SHARED_WITH_STARTED.set(previous);
        }
    }

    /** Whether ops on this thread currently record the graph, as {@code torch.is_grad_enabled()}. */
    public static boolean isGradEnabled() {
        Scope innermost = MODES.get().peek();
        return innermost == null || innermost.enabled;
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

    /** As {@link #grad(Tensor, boolean, Tensor...)}, with the inputs in a list (a model's parameters, say). */
    public static List<Tensor> grad(Tensor output, List<? extends Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), List.copyOf(inputs), null, createGraph, createGraph, false);
    }

    /**
     * A grad-mode scope of one thread. Closing it removes it wherever it stands among the open
     * ones, so scopes closed out of order leave the others' modes as they were (once; closing
     * again does nothing). It is closed on the thread that opened it.
     */
    public static final class Scope implements AutoCloseable {
        private final boolean enabled;
        private final Deque<Scope> modes;
        private final Thread owner;
        private boolean closed;

        private Scope(boolean enabled, Deque<Scope> modes, Thread owner) {
            this.enabled = enabled;
            this.modes = modes;
            this.owner = owner;
        }

        @Override
        public void close() {
            if (closed) return;
            // Threads sharing one grad mode (see shareGradModeWithStartedThreads) may close each other's scopes.
            if (MODES.get() != modes) {
                throw new IllegalStateException("Autograd: a grad-mode scope is closed on the thread that opened it ("
                        + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            closed = true;
            modes.removeFirstOccurrence(this);
        }
    }
}

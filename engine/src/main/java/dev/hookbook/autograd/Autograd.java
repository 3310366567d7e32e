package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.Deque;

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
    /** This thread's open grad-mode scopes, the innermost first; none open means recording. */
    private static final ThreadLocal<Deque<Scope>> MODES = ThreadLocal.withInitial(ArrayDeque::new);

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
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("Autograd: a grad-mode scope is closed on the thread that opened it ("
                        + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            closed = true;
            modes.removeFirstOccurrence(this);
        }
    }
}

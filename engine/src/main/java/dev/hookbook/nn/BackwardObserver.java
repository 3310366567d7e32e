package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * A full backward hook that only looks: it sees the gradients of the module's inputs (null for
 * an input without one) and of its output, and returns nothing
 * ({@link Module#registerFullBackwardObserver}). A PyTorch backward hook that returns None; to
 * replace the input gradients, register a {@link BackwardHook}.
 */
@FunctionalInterface
public interface BackwardObserver {
    void accept(Module module, Tensor[] gradInput, Tensor[] gradOutput);
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * A full backward pre-hook that only looks: it sees the gradients of the module's output and
 * returns nothing ({@link Module#registerFullBackwardPreObserver}). A PyTorch backward pre-hook
 * that returns None; to replace the gradients, register a {@link BackwardPreHook}.
 */
@FunctionalInterface
public interface BackwardPreObserver {
    void accept(Module module, Tensor[] gradOutput);
}

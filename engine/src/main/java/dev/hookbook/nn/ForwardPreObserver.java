package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * A forward pre-hook that only looks: it sees the inputs before {@code forward} and returns
 * nothing, so the inputs go on unchanged ({@link Module#registerForwardPreObserver}). A PyTorch
 * pre-hook that returns None; to replace the inputs, register a {@link ForwardPreHook}.
 */
@FunctionalInterface
public interface ForwardPreObserver {
    void accept(Module module, Tensor[] inputs);
}

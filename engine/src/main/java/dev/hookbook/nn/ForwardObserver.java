package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * A forward hook that only looks: it sees the inputs and the output after {@code forward} and
 * returns nothing, so the output goes on unchanged ({@link Module#registerForwardObserver}). A
 * PyTorch forward hook that returns None; to replace the output, register a {@link ForwardHook}.
 */
@FunctionalInterface
public interface ForwardObserver {
    void accept(Module module, Tensor[] inputs, Tensor output);
}

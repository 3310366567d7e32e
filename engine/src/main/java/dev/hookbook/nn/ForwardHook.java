package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** Runs after {@code forward}: return a replacement output, or null to keep it. */
@FunctionalInterface
public interface ForwardHook {
    Tensor apply(Module module, Tensor[] inputs, Tensor output);
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** Runs before {@code forward}: return replacement inputs, or null to keep them. */
@FunctionalInterface
public interface ForwardPreHook {
    Tensor[] apply(Module module, Tensor[] inputs);
}

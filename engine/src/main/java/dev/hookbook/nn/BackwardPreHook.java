package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** Runs when the gradient of the module's output arrives: return replacement gradients, or null. */
@FunctionalInterface
public interface BackwardPreHook {
    Tensor[] apply(Module module, Tensor[] gradOutput);
}

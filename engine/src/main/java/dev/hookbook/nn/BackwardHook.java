package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * Runs once the gradients of the module's inputs are computed, with those of its output:
 * return replacement input gradients, or null. Entries are null for inputs without a gradient.
 */
@FunctionalInterface
public interface BackwardHook {
    Tensor[] apply(Module module, Tensor[] gradInput, Tensor[] gradOutput);
}

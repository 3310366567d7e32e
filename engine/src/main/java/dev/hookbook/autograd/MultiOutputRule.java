package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/**
 * The gradient formula of an op with several outputs, such as {@code split}: from the gradients
 * of all its outputs to one gradient per input. An output that no path reached has a null
 * gradient, which the rule reads as zeros (PyTorch's undefined gradient).
 */
@FunctionalInterface
public interface MultiOutputRule {
    Tensor[] apply(Tensor[] gradOutputs);

    /** As {@link BackwardRule#release()}: called once, when the graph frees this rule. */
    default void release() {}

    /** A one-output rule in this form, its release included. */
    static MultiOutputRule of(BackwardRule rule) {
        return new SingleOutputRule(rule);
    }
}

package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/** An op's gradient formula: from the gradient of its output to one gradient per input (null where none is needed). */
@FunctionalInterface
public interface BackwardRule {
    Tensor[] apply(Tensor gradOutput);

    /**
     * Called once, when the graph frees this rule (after it ran in a backward that did not
     * retain the graph): from then on nothing reads what the rule saved. A rule whose op saved
     * temporaries that only it can reach may hand them back to the backend here.
     */
    default void release() {}
}

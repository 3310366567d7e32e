package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/** An op's gradient formula: from the gradient of its output to one gradient per input (null where none is needed). */
@FunctionalInterface
public interface BackwardRule {
    Tensor[] apply(Tensor gradOutput);
}

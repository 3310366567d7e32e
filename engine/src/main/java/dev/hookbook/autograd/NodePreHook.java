package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/**
 * A hook that runs before a node's backward, as PyTorch's {@code grad_fn.register_prehook}: it
 * sees the gradients of the node's outputs and may return replacements (null keeps them).
 */
@FunctionalInterface
public interface NodePreHook {
    Tensor[] apply(Tensor[] gradOutputs);
}

package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/**
 * A hook that runs after a node's backward, as PyTorch's {@code grad_fn.register_hook}: it sees
 * the gradients the node computed for its inputs and the gradients it received for its outputs,
 * and may return replacements for the first (null keeps them).
 */
@FunctionalInterface
public interface NodeHook {
    Tensor[] apply(Tensor[] gradInputs, Tensor[] gradOutputs);
}

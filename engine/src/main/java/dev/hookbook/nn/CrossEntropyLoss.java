package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * Softmax cross-entropy of logits [N, C] against class indices [N] (as floats), averaged over the batch, as PyTorch's nn.CrossEntropyLoss.
 * Call it with two inputs: {@code loss.call(logits, target)}.
 */
public class CrossEntropyLoss extends Loss {
    @Override
    protected Tensor loss(Tensor input, Tensor target) {
        return F.crossEntropy(input, target);
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * Softmax cross-entropy of logits [N, C] against class indices [N] (as floats), averaged over the batch, as PyTorch's nn.CrossEntropyLoss.
 * Call it with two inputs: {@code loss.call(logits, target)}.
 */
public class CrossEntropyLoss extends Module {
    @Override
    protected Tensor forward(Tensor... xs) {
        if (xs.length != 2) {
            throw new IllegalArgumentException("expected 2 inputs (logits, target), got " + xs.length);
        }
        return F.crossEntropy(xs[0], xs[1]);
    }
}

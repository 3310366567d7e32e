package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities [N, C] at class indices [N] (as floats), averaged, as PyTorch's nn.NLLLoss; put a LogSoftmax (or F.logSoftmax) before it.
 * Call it with two inputs: {@code loss.call(logProbs, target)}.
 */
public class NLLLoss extends Module {
    @Override
    protected Tensor forward(Tensor... xs) {
        if (xs.length != 2) {
            throw new IllegalArgumentException("expected 2 inputs (logProbs, target), got " + xs.length);
        }
        return F.nllLoss(xs[0], xs[1]);
    }
}

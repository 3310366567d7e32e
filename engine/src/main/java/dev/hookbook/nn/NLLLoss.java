package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities [N, C] at class indices [N] (as floats), averaged, as PyTorch's nn.NLLLoss; put a LogSoftmax (or F.logSoftmax) before it.
 * Call it with two inputs: {@code loss.call(logProbs, target)}.
 */
public class NLLLoss extends Loss {
    @Override
    protected Tensor loss(Tensor input, Tensor target) {
        return F.nllLoss(input, target);
    }
}

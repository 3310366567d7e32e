package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * The mean squared error between input and target (same shape), as PyTorch's nn.MSELoss with mean reduction.
 * Call it with two inputs: {@code loss.call(input, target)}.
 */
public class MSELoss extends Loss {
    @Override
    protected Tensor loss(Tensor input, Tensor target) {
        return F.mseLoss(input, target);
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * The mean squared error between input and target (same shape), as PyTorch's nn.MSELoss with mean reduction.
 * Call it with two inputs: {@code loss.call(input, target)}.
 */
public class MSELoss extends Module {
    @Override
    protected Tensor forward(Tensor... xs) {
        if (xs.length != 2) {
            throw new IllegalArgumentException("expected 2 inputs (input, target), got " + xs.length);
        }
        return F.mseLoss(xs[0], xs[1]);
    }
}

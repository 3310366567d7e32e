package dev.hookbook.nn.utils;

import dev.hookbook.tensor.Tensor;

/**
 * A parametrization that can map a weight back to its original, as the {@code right_inverse}
 * method of a PyTorch parametrization: {@link Parametrize#registerParametrization} calls it
 * once to initialise the original from the current weight, so that the parametrized weight
 * starts equal to it. Returning one tensor stores it as {@code original}.
 */
@FunctionalInterface
public interface RightInverse {
    Tensor rightInverse(Tensor value);

    /**
     * A {@code right_inverse} that returns several tensors: they are stored as
     * {@code original0}, {@code original1}, ..., and the parametrization's
     * {@code forward(Tensor...)} gets them in that order (weight norm's {@code g} and {@code v}).
     */
    @FunctionalInterface
    interface Multiple {
        Tensor[] rightInverse(Tensor value);
    }
}

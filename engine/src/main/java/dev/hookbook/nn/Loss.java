package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** A loss module: called with two inputs, {@code loss.call(input, target)}, it returns a scalar. */
public abstract class Loss extends Module {

    /** The loss of {@code input} against {@code target}. */
    protected abstract Tensor loss(Tensor input, Tensor target);

    @Override
    protected final Tensor forward(Tensor... xs) {
        if (xs.length != 2) {
            throw new IllegalArgumentException("expected 2 inputs (input, target), got " + xs.length);
        }
        return loss(xs[0], xs[1]);
    }
}

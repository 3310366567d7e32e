package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.function.UnaryOperator;

/** Passes gradients through, after a callback has seen (and maybe replaced) them: {@link Graph#identity}. */
final class IdentityNode extends Node {
    private UnaryOperator<Tensor[]> onGradients;

    IdentityNode(String name, Edge[] next, UnaryOperator<Tensor[]> onGradients) {
        super(name, next, next.length);
        this.onGradients = onGradients;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        return onGradients.apply(gradOutputs);
    }

    @Override
    protected void release() {
        onGradients = null;
    }

    @Override
    protected boolean released() {
        return onGradients == null;
    }
}

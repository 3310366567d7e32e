package dev.hookbook.autograd;

import dev.hookbook.hooks.HookList;
import dev.hookbook.tensor.Tensor;

import java.util.function.Consumer;

/**
 * The node at a leaf: adds the gradient into {@code leaf.grad()} (the leaf's hooks ran just
 * before, as every node's output hooks do), then runs the leaf's post-accumulate-grad hooks.
 */
final class AccumulateGrad extends Node {
    final Tensor leaf;
    final HookList<Consumer<Tensor>> postAccumulateHooks = new HookList<>();

    AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad", new Edge[0], 1);
        this.leaf = leaf;
    }

    @Override
    public Tensor variable() {
        return leaf;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        return accumulate(gradOutputs[0], false);
    }

    /**
     * Adds {@code grad} into the leaf's. With {@code mayKeep} (the engine knows no one else holds
     * {@code grad}, see {@link GradientRefs#exclusive}) a leaf without a gradient keeps the tensor
     * itself instead of a copy, as PyTorch's AccumulateGrad steals a gradient nobody else refers to.
     * Otherwise it never keeps {@code grad}: the engine gives gradients back to the backend once
     * their last reader ran, and reads {@code leaf.grad()} to see whether the leaf kept one.
     */
    Tensor[] accumulate(Tensor grad, boolean mayKeep) {
        // A fresh tensor every time: gradients flowing through the graph may be shared
        // between leaves (add passes one gradient to both sides), and grads may be changed in place.
        // Under the node's lock, as PyTorch's AccumulateGrad holds its mutex: backward passes on
        // several threads into one leaf must not read the same old grad and lose each other's sums.
        synchronized (this) {
            Tensor old = leaf.grad();
            if (Autograd.isGradEnabled()) {
                // backward(createGraph): the gradient keeps its history, so it can be differentiated (PyTorch's accumulate_grad)
                leaf.setGrad(old == null ? grad.copy() : old.add(grad));
            } else if (old == null && mayKeep) {
                leaf.setGrad(grad.detach());
            } else {
                leaf.setGrad(old == null ? grad.detach().copy() : old.add(grad).detach());
            }
        }
        // PyTorch's AccumulateGrad::apply calls tensor_post_acc_grad_hooks right after updating .grad.
        for (Consumer<Tensor> hook : postAccumulateHooks.snapshot()) hook.accept(leaf);
        return new Tensor[0];
    }

    @Override
    protected void release() {}

    @Override
    protected boolean released() {
        return false;
    }
}

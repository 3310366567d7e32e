package dev.hookbook.optim;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Tensor;

import java.util.List;

/**
 * Updates a list of parameters from their gradients, as PyTorch's {@code torch.optim.Optimizer}:
 * {@link #zeroGrad()} before each backward, {@link #step()} after it. A parameter whose
 * gradient is null (it took no part in the loss) is left alone.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    private float lr;

    protected Optimizer(List<? extends Tensor> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        }
        for (Tensor p : params) {
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter of shape "
                        + java.util.Arrays.toString(p.shape()) + " does not require grad");
            }
        }
        this.params = List.copyOf(params);
    }

    /** The parameters this optimizer updates. */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate the next {@link #step()} uses. */
    public final float lr() {
        return lr;
    }

    /** Sets the learning rate for the following steps, as a scheduler does (PyTorch's {@code group['lr'] = ...}). */
    public final void setLr(float lr) {
        checkNonNegative("learning rate", lr);
        this.lr = lr;
    }

    /** Clears every parameter's gradient (sets it to null, as PyTorch's set_to_none). */
    public void zeroGrad() {
        for (Tensor p : params) p.setGrad(null);
    }

    /** Updates every parameter that has a gradient, in place and outside the graph. */
    public final void step() {
        try (var g = Autograd.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() != null) update(i, p, p.grad());
            }
        }
    }

    /** The update rule for parameter number {@code index}; runs with gradient recording off. */
    protected abstract void update(int index, Tensor param, Tensor grad);

    /** A gradient on another device than its parameter, which the fused kernels cannot read together. */
    static void checkSameDevice(Tensor p, Tensor grad) {
        if (p.device() != grad.device()) throw Backend.deviceMismatch("step", p.device(), grad.device());
    }

    static void checkNonNegative(String what, float value) {
        if (!(value >= 0f)) throw new IllegalArgumentException("invalid " + what + ": " + value);
    }
}

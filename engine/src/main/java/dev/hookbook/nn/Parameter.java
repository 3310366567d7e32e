package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * A tensor that is a learnable weight of a module: it requires grad, and a module that
 * registers it lists it in {@link Module#parameters()} and {@link Module#stateDict()}.
 */
public class Parameter extends Tensor {

    /** A parameter holding {@code data}'s values (shared, not copied). */
    public Parameter(Tensor data) {
        super(data.detach());
        requiresGrad(true);
    }

    /**
     * Clears the gradients of {@code params}, as PyTorch's {@code zero_grad(set_to_none)}: sets
     * them to null, or, without {@code setToNone}, fills the same gradient tensors with zeros (a
     * gradient that a createGraph backward gave a history is first detached from it, as PyTorch's
     * {@code detach_()}). {@code Module.zeroGrad} and {@code Optimizer.zeroGrad} both do this.
     */
    public static void zeroGrads(Iterable<? extends Tensor> params, boolean setToNone) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (setToNone) {
                p.setGrad(null);
                continue;
            }
            if (g.gradFnNode() != null) p.setGrad(g = g.detach());
            g.assign(Tensor.scalar(0f).to(g.device()));
        }
    }

    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}

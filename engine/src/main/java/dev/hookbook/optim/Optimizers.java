package dev.hookbook.optim;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;

import java.util.List;

/** Helpers that act on the gradients of many parameters at once, as {@code torch.nn.utils}. */
public final class Optimizers {
    private Optimizers() {}

    /**
     * Scales the gradients so their total 2-norm is at most {@code maxNorm}, in place, as
     * PyTorch's {@code clip_grad_norm_}: the total norm is the norm of all gradients taken as one
     * vector; when it exceeds maxNorm every gradient is multiplied by
     * {@code maxNorm / (total + 1e-6)}. Parameters without a gradient are skipped.
     *
     * @return the total norm before clipping (useful to log: a sudden rise shows a diverging run)
     */
    public static float clipGradNorm(List<Parameter> params, float maxNorm) {
        if (!(maxNorm >= 0f)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        try (var g = Autograd.noGrad()) {
            double sumOfSquares = 0;
            for (Parameter p : params) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                // Each gradient's norm first, as PyTorch stacks the per-tensor norms.
                double norm = (float) Math.sqrt(grad.mul(grad).sum().item());
                sumOfSquares += norm * norm;
            }
            float total = (float) Math.sqrt(sumOfSquares);
            float coefficient = maxNorm / (total + 1e-6f);
            if (coefficient < 1f) {
                for (Parameter p : params) {
                    Tensor grad = p.grad();
                    if (grad != null) grad.assign(grad.mul(coefficient));
                }
            }
            return total;
        }
    }
}

package dev.hookbook.optim;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    /**
     * Fuses the optimizer step into the backward pass, as PyTorch's tutorial "How to save memory
     * by fusing the optimizer step into the backward pass": one optimizer per parameter, made by
     * {@code optimizerFor}, and a post-accumulate-grad hook on the parameter that steps it and
     * clears its gradient as soon as backward has accumulated it. A training step is then just
     * {@code loss.backward()} (no {@code step()}, no {@code zeroGrad()}), and at most one
     * parameter's gradient is alive at a time instead of all of them. The equivalent of
     * <pre>
     * optimizers = {p: torch.optim.SGD([p], lr=0.1) for p in model.parameters()}
     * def hook(p): optimizers[p].step(); optimizers[p].zero_grad()
     * for p in model.parameters(): p.register_post_accumulate_grad_hook(hook)
     * </pre>
     * A parameter used twice in one forward is stepped twice (once per accumulation), as in
     * PyTorch; gradient clipping over all parameters is no longer possible.
     *
     * @return a handle whose {@code remove()} removes every hook (training goes back to the
     *         usual {@code step()} loop)
     */
    public static HookHandle stepInBackward(List<? extends Tensor> params, Function<Tensor, ? extends Optimizer> optimizerFor) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("stepInBackward: expected the parameters to train, got "
                    + (params == null ? "null" : "an empty list"));
        }
        List<Optimizer> optimizers = new ArrayList<>();
        for (Tensor p : params) {
            Optimizer optimizer = optimizerFor.apply(p);
            if (optimizer == null || optimizer.params().size() != 1 || optimizer.params().get(0) != p) {
                String got = optimizer == null ? "null"
                        : optimizer.params().size() == 1 ? "an optimizer of another parameter, of shape "
                                + java.util.Arrays.toString(optimizer.params().get(0).shape())
                        : "an optimizer of " + optimizer.params().size() + " parameters";
                throw new IllegalArgumentException("stepInBackward: expected an optimizer of exactly the parameter of shape "
                        + java.util.Arrays.toString(p.shape()) + " it was given, got " + got);
            }
            optimizers.add(optimizer);
        }
        // Every optimizer is checked before the first hook goes on, so a refusal leaves no hook behind.
        List<HookHandle> handles = new ArrayList<>();
        for (Optimizer optimizer : optimizers) {
            handles.add(optimizer.params().get(0).registerPostAccumulateGradHook(leaf -> {
                optimizer.step();
                optimizer.zeroGrad();
            }));
        }
        return new HookHandle(() -> handles.forEach(HookHandle::remove));
    }
}

package dev.hookbook.optim;

import dev.hookbook.tensor.Tensor;

import java.util.List;

/**
 * AdamW, PyTorch's formulas: Adam with decoupled weight decay, which shrinks the parameter
 * itself instead of adding to the gradient:
 * <pre>
 * p = p * (1 - lr * weightDecay)
 * m = beta1 m + (1 - beta1) grad,    v = beta2 v + (1 - beta2) grad^2
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * with step count t from 1 and m, v starting at zero. The moments and bias corrections are
 * Adam's; only the kernel differs. One fused kernel per parameter, in place.
 */
public class AdamW extends Adam {
    /** betas (0.9, 0.999), eps 1e-8, weight decay 0.01: PyTorch's defaults. */
    public AdamW(List<? extends Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0.01f);
    }

    public AdamW(List<? extends Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    protected void step(Tensor p, Tensor grad, Tensor m, Tensor v, float stepSize, float sqrtCorrection2) {
        float decay = (float) (1 - (double) lr() * weightDecay);
        p.device().backend().adamWStep(p, grad, m, v, beta1, beta2, eps, decay, stepSize, sqrtCorrection2);
    }
}

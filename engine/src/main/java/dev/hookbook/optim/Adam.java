package dev.hookbook.optim;

import dev.hookbook.tensor.Tensor;

import java.util.List;

/**
 * Adam, PyTorch's formulas (with L2 weight decay added to the gradient, not AdamW's):
 * <pre>
 * g = grad + weightDecay * p
 * m = beta1 m + (1 - beta1) g,    v = beta2 v + (1 - beta2) g^2
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * with step count t from 1 and m, v starting at zero.
 */
public class Adam extends Optimizer {
    public final float beta1;
    public final float beta2;
    public final float eps;
    public final float weightDecay;
    private final Tensor[] m;
    private final Tensor[] v;
    private final int[] steps;

    /** betas (0.9, 0.999), eps 1e-8, no weight decay: PyTorch's defaults. */
    public Adam(List<? extends Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0f);
    }

    public Adam(List<? extends Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params);
        checkNonNegative("eps", eps);
        checkNonNegative("weight decay", weightDecay);
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("invalid betas: (" + beta1 + ", " + beta2 + "), each must be in [0, 1)");
        }
        setLr(lr);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new Tensor[this.params.size()];
        this.v = new Tensor[this.params.size()];
        this.steps = new int[this.params.size()];
    }

    /** One fused kernel updates the parameter and both moments in place. */
    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        int t = ++steps[i];
        if (m[i] == null) {
            m[i] = Tensor.empty(p.shape(), p.device());
            v[i] = Tensor.empty(p.shape(), p.device());
        }
        // The bias corrections in double, as PyTorch computes them in Python floats.
        double correction1 = 1 - Math.pow(beta1, t), correction2 = 1 - Math.pow(beta2, t);
        checkSameDevice(p, grad);
        step(p, grad, m[i], v[i], (float) (lr() / correction1), (float) Math.sqrt(correction2));
    }

    /** The fused kernel of one parameter; Adam adds the weight decay to the gradient (L2). */
    protected void step(Tensor p, Tensor grad, Tensor m, Tensor v, float stepSize, float sqrtCorrection2) {
        p.device().backend().adamStep(p, grad, m, v, beta1, beta2, eps, weightDecay, stepSize, sqrtCorrection2);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + lr() + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                + ", weight_decay=" + weightDecay + ")";
    }
}

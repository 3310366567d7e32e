package dev.hookbook.optim;

import dev.hookbook.tensor.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum and weight decay, PyTorch's formulas
 * (dampening 0, no Nesterov):
 * <pre>
 * d = grad + weightDecay * p
 * buf = d on the first step, then momentum * buf + d     (only with momentum)
 * p = p - lr * buf   (or lr * d without momentum)
 * </pre>
 */
public class SGD extends Optimizer {
    public final float momentum;
    public final float weightDecay;
    private final Tensor[] momentumBuffers;

    public SGD(List<? extends Tensor> params, float lr) {
        this(params, lr, 0f, 0f);
    }

    public SGD(List<? extends Tensor> params, float lr, float momentum) {
        this(params, lr, momentum, 0f);
    }

    public SGD(List<? extends Tensor> params, float lr, float momentum, float weightDecay) {
        super(params);
        checkNonNegative("momentum", momentum);
        checkNonNegative("weight decay", weightDecay);
        setLr(lr);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.momentumBuffers = new Tensor[this.params.size()];
    }

    /** One fused kernel updates the parameter and its buffer in place: nothing is allocated after the first step. */
    @Override
    protected void update(int index, Tensor p, Tensor grad) {
        Tensor buf = null;
        boolean first = false;
        if (momentum != 0f) {
            buf = momentumBuffers[index];
            // The buffer starts as a copy of the first step's direction, not as zeros.
            first = buf == null;
            if (first) momentumBuffers[index] = buf = Tensor.empty(p.shape(), p.device());
        }
        checkSameDevice(p, grad);
        p.device().backend().sgdStep(p, grad, buf, lr(), momentum, weightDecay, first);
    }

    @Override
    public String toString() {
        return "SGD(lr=" + lr() + ", momentum=" + momentum + ", weight_decay=" + weightDecay + ")";
    }
}

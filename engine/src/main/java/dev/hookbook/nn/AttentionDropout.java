package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * Dropout on attention weights, and the module through which {@link MultiheadAttention} passes
 * them so that a plain forward hook sees them: in {@code (module, inputs, output)} the weights
 * [B, H, L, S] per head are {@code inputs[0]} before dropout and {@code output} after it. As in
 * PyTorch's attention, dropout applies only in training and with {@code p > 0}; otherwise the
 * weights pass unchanged (no op, no random numbers drawn).
 */
public class AttentionDropout extends Module {
    public final float p;

    public AttentionDropout(float p) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("AttentionDropout: probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    @Override
    protected Tensor forward(Tensor weights) {
        return isTraining() && p > 0f ? F.dropout(weights, p) : weights;
    }

    @Override
    public String extraRepr() {
        return "p=" + Repr.pyFloat(p);
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * In training mode, zeroes each element with probability p and scales the others by 1/(1-p);
 * in evaluation mode, passes the input through. As PyTorch's nn.Dropout (default p = 0.5).
 */
public class Dropout extends Module {
    public final float p;

    public Dropout() {
        this(0.5f);
    }

    public Dropout(float p) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("Dropout: probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining());
    }

    @Override
    public String extraRepr() {
        return "p=" + Repr.pyFloat(p) + ", inplace=False";
    }

    @Override
    public String describe() {
        return "Dropout p=" + Repr.pyFloat(p);
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** x where x > 0, else negativeSlope * x (default 0.01), element-wise. */
public class LeakyReLU extends Module {
    public final float negativeSlope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return F.leakyRelu(x, negativeSlope);
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + Repr.pyFloat(negativeSlope);
    }

    @Override
    public String describe() {
        return "LeakyReLU " + Repr.pyFloat(negativeSlope);
    }
}

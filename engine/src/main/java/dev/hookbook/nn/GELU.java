package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** The Gaussian error linear unit, exact: {@code x Phi(x) = x / 2 (1 + erf(x / sqrt 2))}, element-wise. */
public class GELU extends Module {
    @Override
    protected Tensor forward(Tensor x) {
        return F.gelu(x);
    }

    @Override
    public String extraRepr() {
        return "approximate='none'";
    }
}

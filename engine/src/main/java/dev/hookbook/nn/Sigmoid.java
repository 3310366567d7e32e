package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** 1 / (1 + exp(-x)), element-wise. */
public class Sigmoid extends Module {
    @Override
    protected Tensor forward(Tensor x) {
        return F.sigmoid(x);
    }
}

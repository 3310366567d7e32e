package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** tanh(x), element-wise. */
public class Tanh extends Module {
    @Override
    protected Tensor forward(Tensor x) {
        return F.tanh(x);
    }
}

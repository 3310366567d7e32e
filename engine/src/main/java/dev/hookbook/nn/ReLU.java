package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/** max(0, x), element-wise. */
public class ReLU extends Module {
    @Override
    protected Tensor forward(Tensor x) {
        return F.relu(x);
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * max(0, x), element-wise, as PyTorch's nn.ReLU. With {@code inplace} it overwrites its input
 * ({@link Tensor#reluInPlace()}) instead of making a new tensor: the same values and gradients
 * with one activation less in memory, refused where PyTorch refuses it (a leaf that requires
 * grad, an input some node saved for backward).
 */
public class ReLU extends Module {
    public final boolean inplace;

    public ReLU() {
        this(false);
    }

    public ReLU(boolean inplace) {
        this.inplace = inplace;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return F.relu(x, inplace);
    }

    @Override
    public String extraRepr() {
        return inplace ? "inplace=True" : "";
    }
}

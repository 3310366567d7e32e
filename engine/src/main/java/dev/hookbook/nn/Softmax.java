package dev.hookbook.nn;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/** Softmax along {@code dim} (negative counts from the end): values in (0, 1) summing to 1. */
public class Softmax extends Module {
    public final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (dim >= x.dim() || dim < -Math.max(1, x.dim())) {
            throw new IllegalArgumentException("dim " + dim + " is out of range for input " + Shape.str(x.shape()));
        }
        return F.softmax(x, dim);
    }

    @Override
    public String extraRepr() {
        return "dim=" + dim;
    }

    @Override
    public String describe() {
        return "Softmax dim=" + dim;
    }
}

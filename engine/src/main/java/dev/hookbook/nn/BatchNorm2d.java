package dev.hookbook.nn;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/** Batch normalisation of [N, C, H, W] images over each channel, as PyTorch's nn.BatchNorm2d. */
public class BatchNorm2d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine, tracking running stats: PyTorch's defaults. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, true, true);
    }

    public BatchNorm2d(int numFeatures, float eps, float momentum) {
        this(numFeatures, eps, momentum, true, true);
    }

    public BatchNorm2d(int numFeatures, float eps, float momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 4 || x.shape()[1] != numFeatures) {
            throw new IllegalArgumentException("expected input [N, " + numFeatures + ", H, W], got " + Shape.str(x.shape()));
        }
    }
}

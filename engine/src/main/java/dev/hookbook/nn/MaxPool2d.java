package dev.hookbook.nn;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/** The maximum of each k x k window of [N, C, H, W] images, as PyTorch's nn.MaxPool2d (stride defaults to k). */
public class MaxPool2d extends Module {
    public final int kernelSize;
    public final int stride;

    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize);
    }

    public MaxPool2d(int kernelSize, int stride) {
        if (kernelSize <= 0 || stride <= 0) {
            throw new IllegalArgumentException("MaxPool2d(" + kernelSize + ", stride " + stride + "): both must be positive");
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (x.dim() != 4) throw new IllegalArgumentException("expected input [N, C, H, W], got " + Shape.str(x.shape()));
        return F.maxPool2d(x, kernelSize, stride);
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=0, dilation=1, ceil_mode=False";
    }

    @Override
    public String describe() {
        return "MaxPool2d k" + kernelSize + (stride != kernelSize ? " s" + stride : "");
    }
}

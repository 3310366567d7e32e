package dev.hookbook.nn;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * 2-D convolution over [N, C, H, W] images, as PyTorch's nn.Conv2d with a square kernel and the
 * same stride and zero padding in both directions: weight [out, in, k, k], bias [out].
 */
public class Conv2d extends Module {
    public final int inChannels;
    public final int outChannels;
    public final int kernelSize;
    public final int stride;
    public final int padding;
    /** The weight read by forward: the registered Parameter, or the tensor that pruning or a parametrization computes from it (see Module). */
    public Tensor weight;
    /** The bias read by forward (null without one); replaceable as {@link #weight} is. */
    public Tensor bias;

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, true);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + ", " + outChannels + ", kernel " + kernelSize
                    + ", stride " + stride + ", padding " + padding + "): sizes and stride must be positive, padding not negative");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.weight = registerParameter("weight",
                new Parameter(Tensor.empty(new int[]{outChannels, inChannels, kernelSize, kernelSize}, Device.CPU)));
        this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outChannels)) : null);
        resetParameters();
    }

    /**
     * PyTorch's default: kaiming_uniform_(weight, a=sqrt(5)), which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
     * and the bias from the same range; fan_in = in * k * k.
     */
    public void resetParameters() {
        Init.kaimingUniform_(weight, (float) Math.sqrt(5));
        if (bias != null) {
            float bound = 1f / (float) Math.sqrt(Init.fanIn(weight));
            Init.uniform_(bias, -bound, bound);
        }
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.shape()[1] != inChannels) {
            throw new IllegalArgumentException("expected input [N, " + inChannels + ", H, W], got " + Shape.str(x.shape()));
        }
        return F.conv2d(x, weight, bias, stride, padding);
    }

    @Override
    public String extraRepr() {
        String k = "(" + kernelSize + ", " + kernelSize + ")";
        String s = inChannels + ", " + outChannels + ", kernel_size=" + k + ", stride=(" + stride + ", " + stride + ")";
        if (padding != 0) s += ", padding=(" + padding + ", " + padding + ")";
        if (bias == null) s += ", bias=False";
        return s;
    }

    @Override
    public String describe() {
        return "Conv2d " + inChannels + "->" + outChannels + " k" + kernelSize;
    }
}

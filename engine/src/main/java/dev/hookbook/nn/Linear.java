package dev.hookbook.nn;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/** y = x W^T + b, as PyTorch's nn.Linear: weight [out, in], bias [out], both initialised U(-1/sqrt(in), 1/sqrt(in)). */
public class Linear extends Module {
    public final int inFeatures;
    public final int outFeatures;
    /** The weight read by forward: the registered Parameter, or the tensor that pruning or a parametrization computes from it (see Module). */
    public Tensor weight;
    /** The bias read by forward (null without one); replaceable as {@link #weight} is. */
    public Tensor bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        // Zero is allowed, as in PyTorch: Linear(0, n) gives its bias, Linear(n, 0) an empty result.
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear(" + inFeatures + ", " + outFeatures + "): sizes must be non-negative");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", new Parameter(Tensor.empty(new int[]{outFeatures, inFeatures}, dev.hookbook.tensor.Device.CPU)));
        this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outFeatures)) : null);
        resetParameters();
    }

    /** PyTorch's default: kaiming_uniform_(weight, a=sqrt(5)), bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public void resetParameters() {
        Init.kaimingUniform_(weight, (float) Math.sqrt(5));
        // PyTorch's bound is 0 when there are no inputs (fan_in 0), which leaves the bias at zero.
        float bound = inFeatures > 0 ? 1f / (float) Math.sqrt(inFeatures) : 0f;
        if (bias != null) Init.uniform_(bias, -bound, bound);
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.shape()[x.dim() - 1] != inFeatures) {
            throw new IllegalArgumentException("expected input [*, " + inFeatures + "], got " + Shape.str(x.shape()));
        }
        return F.linear(x, weight, bias);
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }

    @Override
    public String describe() {
        return "Linear " + inFeatures + "->" + outFeatures;
    }
}

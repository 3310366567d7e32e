package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Normalises over the last dims of its input, which must equal {@code normalizedShape}, as
 * PyTorch's {@code nn.LayerNorm}: {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, the
 * mean and biased variance taken over those dims for each position. With
 * {@code elementwiseAffine} (the default) weight (1) and bias (0) have shape
 * {@code normalizedShape}. The same in training and evaluation: there are no running statistics.
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    public final float eps;
    public final boolean elementwiseAffine;
    /** The weight read by forward: the registered Parameter, or the tensor that pruning or a parametrization computes from it (see Module). */
    public Tensor weight;
    /** The bias read by forward (null without one); replaceable as {@link #weight} is. */
    public Tensor bias;

    /** eps 1e-5 and a learnable weight and bias: PyTorch's defaults. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5f, true);
    }

    public LayerNorm(int[] normalizedShape, float eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("LayerNorm" + Arrays.toString(normalizedShape)
                    + ": expected at least one dim, each positive");
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.weight = registerParameter("weight", elementwiseAffine ? new Parameter(Tensor.ones(normalizedShape)) : null);
        this.bias = registerParameter("bias", elementwiseAffine ? new Parameter(Tensor.zeros(normalizedShape)) : null);
    }

    /** The dims normalised over (a copy). */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    @Override
    protected Tensor forward(Tensor x) {
        return F.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** {@code (8,), eps=1e-05, elementwise_affine=True}, the shape written as a Python tuple. */
    @Override
    public String extraRepr() {
        String dims = Arrays.stream(normalizedShape).mapToObj(String::valueOf).collect(Collectors.joining(", "));
        String tuple = "(" + dims + (normalizedShape.length == 1 ? ",)" : ")");
        return tuple + ", eps=" + Repr.pyFloat(eps) + ", elementwise_affine=" + Repr.pyBool(elementwiseAffine);
    }

    @Override
    public String describe() {
        return "LayerNorm " + Arrays.toString(normalizedShape);
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;

/**
 * A lookup table of {@code num} vectors of size {@code dim}, as PyTorch's {@code nn.Embedding}:
 * the input is a float tensor of whole-number indices in [0, num) of any shape, the output has
 * shape {@code input.shape + [dim]}. The weight [num, dim] starts as N(0, 1), like PyTorch's.
 */
public class Embedding extends Module {
    public final int numEmbeddings;
    public final int embeddingDim;
    /** The weight read by forward: the registered Parameter, or the tensor that pruning or a parametrization computes from it (see Module). */
    public Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding(" + numEmbeddings + ", " + embeddingDim + "): sizes must be positive");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight", new Parameter(Tensor.empty(new int[]{numEmbeddings, embeddingDim}, Device.CPU)));
        resetParameters();
    }

    /** PyTorch's default: normal_(weight), mean 0 and standard deviation 1. */
    public void resetParameters() {
        Init.normal_(weight);
    }

    @Override
    protected Tensor forward(Tensor indices) {
        return F.embedding(indices, weight);
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }

    @Override
    public String describe() {
        return "Embedding " + numEmbeddings + "x" + embeddingDim;
    }
}

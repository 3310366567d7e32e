package dev.hookbook.nn;

import dev.hookbook.ops.LinearAlgebra;
import dev.hookbook.ops.Losses;
import dev.hookbook.ops.Pointwise;
import dev.hookbook.tensor.Tensor;

/** The functional forms of the layers and losses, as {@code torch.nn.functional}. */
public final class F {
    private F() {}

    /** x W^T + b; {@code bias} may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return LinearAlgebra.linear(x, weight, bias);
    }

    public static Tensor relu(Tensor x) {
        return Pointwise.relu(x);
    }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return Pointwise.leakyRelu(x, negativeSlope);
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    /** Softmax cross-entropy of logits [N, C] against class indices [N] (as floats), averaged. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return Losses.crossEntropy(logits, target);
    }

    /** Negative log-likelihood of log-probabilities [N, C] at class indices [N], averaged. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target) {
        return Losses.nllLoss(logProbs, target);
    }

    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target);
    }
}

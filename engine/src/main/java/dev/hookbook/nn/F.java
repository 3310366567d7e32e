package dev.hookbook.nn;

import dev.hookbook.ops.Convolution;
import dev.hookbook.ops.LinearAlgebra;
import dev.hookbook.ops.Losses;
import dev.hookbook.ops.Normalization;
import dev.hookbook.ops.Pointwise;
import dev.hookbook.ops.Pooling;
import dev.hookbook.ops.Regularization;
import dev.hookbook.tensor.Tensor;

/** The functional forms of the layers and losses, as {@code torch.nn.functional}. */
public final class F {
    private F() {}

    /** x W^T + b; {@code bias} may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return LinearAlgebra.linear(x, weight, bias);
    }

    /** 2-D convolution of x [N, C, H, W] with weight [O, C, kh, kw] and bias [O] (or null), stride 1, no padding. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return Convolution.conv2d(x, weight, bias, 1, 0);
    }

    /** 2-D convolution with the same stride and zero padding in both directions. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(x, weight, bias, stride, padding);
    }

    /** The maximum of each k x k window of x [N, C, H, W], windows k apart. */
    public static Tensor maxPool2d(Tensor x, int kernelSize) {
        return Pooling.maxPool2d(x, kernelSize, kernelSize);
    }

    public static Tensor maxPool2d(Tensor x, int kernelSize, int stride) {
        return Pooling.maxPool2d(x, kernelSize, stride);
    }

    /**
     * Batch normalisation over dim 1 of x [N, C] or [N, C, *], as {@code F.batch_norm}: in
     * training with the batch's statistics (updating {@code runningMean} and {@code runningVar}
     * in place when they are not null), otherwise with the running ones. Weight and bias may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** As the full form, with PyTorch's defaults momentum 0.1 and eps 1e-5. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, 0.1f, 1e-5f);
    }

    /** Zeroes elements with probability p and scales the rest by 1/(1-p) when training; x itself otherwise. */
    public static Tensor dropout(Tensor x, float p, boolean training) {
        return Regularization.dropout(x, p, training);
    }

    /** Dropout in training mode, as {@code F.dropout}'s default. */
    public static Tensor dropout(Tensor x, float p) {
        return Regularization.dropout(x, p, true);
    }

    /** Merges dims {@code startDim..} into one. */
    public static Tensor flatten(Tensor x, int startDim) {
        return x.flatten(startDim);
    }

    public static Tensor relu(Tensor x) {
        return Pointwise.relu(x);
    }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return Pointwise.leakyRelu(x, negativeSlope);
    }

    /** GELU, exact (PyTorch's {@code approximate='none'}): {@code x / 2 (1 + erf(x / sqrt 2))}. */
    public static Tensor gelu(Tensor x) {
        return x.gelu();
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

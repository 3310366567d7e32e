package dev.hookbook.nn;

import dev.hookbook.ops.Convolution;
import dev.hookbook.ops.Embeddings;
import dev.hookbook.ops.LayerNormalization;
import dev.hookbook.ops.LinearAlgebra;
import dev.hookbook.ops.Losses;
import dev.hookbook.ops.BatchNormalization;
import dev.hookbook.ops.Pointwise;
import dev.hookbook.ops.Pooling;
import dev.hookbook.ops.Regularization;
import dev.hookbook.ops.Resampling;
import dev.hookbook.tensor.Shape;
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
        return BatchNormalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** As the full form, with PyTorch's defaults momentum 0.1 and eps 1e-5. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training) {
        return BatchNormalization.batchNorm(x, runningMean, runningVar, weight, bias, training, 0.1f, 1e-5f);
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

    /** As PyTorch's {@code F.relu(x, inplace)}: with {@code inplace}, x itself, overwritten ({@link Tensor#reluInPlace()}). */
    public static Tensor relu(Tensor x, boolean inplace) {
        return inplace ? x.reluInPlace() : Pointwise.relu(x);
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

    // ------------------------------------------------------------------ sequence layers: embedding, layer norm, attention

    /**
     * The rows of {@code weight} [num, dim] at {@code input} (float tensor of whole-number indices
     * in [0, num), any shape), as {@code F.embedding}: the result is {@code input.shape + [dim]}.
     */
    public static Tensor embedding(Tensor input, Tensor weight) {
        return Embeddings.embedding(input, weight);
    }

    /**
     * Layer normalisation over the last dims of x, which must equal {@code normalizedShape}, as
     * {@code F.layer_norm}; weight and bias have shape {@code normalizedShape} or are null.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        return LayerNormalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** An additive causal mask [n, n]: 0 on and below the diagonal, -inf above (position i sees positions 0..i). */
    public static Tensor causalMask(int n) {
        return causalMask(n, n);
    }

    /** [l, s] with -inf where column j is after row i ({@code j > i}), as PyTorch's {@code is_causal}. */
    static Tensor causalMask(int l, int s) {
        if (l < 0 || s < 0) throw new IllegalArgumentException("causalMask: sizes must not be negative, got " + l + " x " + s);
        if ((long) l * s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("causalMask: a mask of " + l + " x " + s + " would have more than 2^31-1 elements");
        }
        float[] m = new float[l * s];
        for (int i = 0; i < l; i++) {
            for (int j = i + 1; j < s; j++) m[i * s + j] = Float.NEGATIVE_INFINITY;
        }
        return Tensor.of(m, l, s);
    }

    /**
     * PyTorch 2.x's {@code scaled_dot_product_attention} without dropout:
     * {@code softmax(q k^T / sqrt(E) + mask) v} for q [..., L, E], k [..., S, E], v [..., S, Ev].
     * {@code mask} (additive, broadcast to [..., L, S]) may be null; {@code causal} adds
     * {@link #causalMask} and then {@code mask} must be null, as in PyTorch. Built from public
     * ops (matmul, transpose, mul, add, softmax), so a trace shows each of them.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        Tensor weights = attentionWeights("scaledDotProductAttention", q, k, v, mask, causal);
        return weights.matmul(v);
    }

    /** softmax(q k^T / sqrt(E) + mask) over the last dim: the attention weights [..., L, S]. */
    static Tensor attentionWeights(String op, Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected q [..., L, E], k [..., S, E] and v [..., S, Ev], got "
                    + shapes(q, k, v));
        }
        int l = q.size(q.dim() - 2), e = q.size(q.dim() - 1), s = k.size(k.dim() - 2);
        if (k.size(k.dim() - 1) != e || v.size(v.dim() - 2) != s) {
            throw new IllegalArgumentException(op + ": expected q [..., L, E], k [..., S, E] and v [..., S, Ev], got "
                    + shapes(q, k, v));
        }
        if (causal && mask != null) {
            throw new IllegalArgumentException(op + ": give either a mask or causal = true, not both");
        }
        Tensor scores = q.matmul(k.transpose(-2, -1)).mul((float) (1.0 / Math.sqrt(e)));
        Tensor additive = causal ? causalMask(l, s).to(q.device()) : mask;
        if (additive != null) {
            int[] ms = additive.shape();
            if (ms.length < 2 || ms[ms.length - 2] != l || ms[ms.length - 1] != s) {
                throw new IllegalArgumentException(op + ": expected an additive mask [..., " + l + ", " + s + "] for q "
                        + Shape.str(q.shape()) + " and k " + Shape.str(k.shape()) + ", got " + Shape.str(ms));
            }
            scores = scores.add(additive);
        }
        return scores.softmax(-1);
    }

    // ---------------------------------------------------------------- resizing: interpolate

    /**
     * x [N, C, L] or [N, C, H, W] resized to {@code size} (one per spatial dim, or one for all),
     * as {@code F.interpolate(x, size=size, mode=mode)}; {@code mode} is PyTorch's name:
     * "nearest", "linear" (3-D) or "bilinear" (4-D), with {@code align_corners=False}.
     */
    public static Tensor interpolate(Tensor x, int[] size, String mode) {
        return Resampling.interpolate(x, size, Resampling.Mode.of(mode), null);
    }

    /** As {@link #interpolate(Tensor, int[], String)} with {@code align_corners} given (linear and bilinear only, as in PyTorch). */
    public static Tensor interpolate(Tensor x, int[] size, String mode, boolean alignCorners) {
        return Resampling.interpolate(x, size, Resampling.Mode.of(mode), alignCorners);
    }

    /**
     * x resized by {@code scaleFactor} (one per spatial dim, or one for all), as
     * {@code F.interpolate(x, scale_factor=scaleFactor, mode=mode)}: output sizes
     * {@code floor(size * scale)}, the given scale used in the index mapping (PyTorch's default
     * {@code recompute_scale_factor=None}).
     */
    public static Tensor interpolate(Tensor x, float[] scaleFactor, String mode) {
        return Resampling.interpolate(x, scaleFactor, Resampling.Mode.of(mode), null);
    }

    /** As {@link #interpolate(Tensor, float[], String)} with {@code align_corners} given (linear and bilinear only). */
    public static Tensor interpolate(Tensor x, float[] scaleFactor, String mode, boolean alignCorners) {
        return Resampling.interpolate(x, scaleFactor, Resampling.Mode.of(mode), alignCorners);
    }

    /** x resized by one {@code scaleFactor} for every spatial dim, as {@code F.interpolate(x, scale_factor=2.0, mode=mode)}. */
    public static Tensor interpolate(Tensor x, float scaleFactor, String mode) {
        return interpolate(x, new float[]{scaleFactor}, mode);
    }

    /** As {@link #interpolate(Tensor, float, String)} with {@code align_corners} given (linear and bilinear only). */
    public static Tensor interpolate(Tensor x, float scaleFactor, String mode, boolean alignCorners) {
        return interpolate(x, new float[]{scaleFactor}, mode, alignCorners);
    }

    private static String shapes(Tensor q, Tensor k, Tensor v) {
        return Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + " and " + Shape.str(v.shape());
    }
}

package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;

/** Layer normalisation as one op: a fused forward and its own backward rule. */
public final class LayerNormalization {
    private LayerNormalization() {}

    /**
     * Normalises x over its last dims ({@code normalizedShape}), as PyTorch's {@code F.layer_norm}:
     * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, with the mean and the biased
     * variance of each group of the last dims. {@code weight} and {@code bias} have the shape
     * {@code normalizedShape}, or are null.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        int[] xs = x.shape();
        int k = normalizedShape.length;
        if (k == 0 || k > xs.length || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: expected input [*, " + inner(normalizedShape) + "] for normalized shape "
                    + Shape.str(normalizedShape) + ", got " + Shape.str(xs));
        }
        checkAffine("weight", weight, x, normalizedShape);
        checkAffine("bias", bias, x, normalizedShape);
        int n = Shape.numel(normalizedShape), m = n == 0 ? 0 : (int) (x.numel() / n);
        Backend be = x.device().backend();

        // Read as rows [M, N]: one row per normalised group. The kernel computes the statistics,
        // normalises and applies weight and bias in one call; the gradient recomputes xHat from x.
        Tensor x2 = UnrecordedViews.reshaped(x, m, n);
        Tensor w = weight == null ? null : UnrecordedViews.reshaped(weight, n), b = bias == null ? null : UnrecordedViews.reshaped(bias, n);
        Tensor[] stats = be.layerNormForward(x2, w, b, eps);
        Tensor mean = stats[0], rstd = stats[1];
        Tensor out = UnrecordedViews.reshaped(stats[2], xs);

        // Saved as PyTorch's NativeLayerNormBackward saves them: input, mean, rstd, weight (x and
        // weight themselves, not reshaped views, so createGraph reaches their history).
        Saved sx = Saved.of(x), sMean = Saved.of(mean), sRstd = Saved.of(rstd), sw = Saved.of(weight);
        boolean needX = needs(x), needW = weight != null && needs(weight), needB = bias != null && needs(bias);
        return record("NativeLayerNorm", out, List.of(sx, sMean, sRstd, sw), g -> {
            if (Autograd.isGradEnabled()) return composedGradients(g, sx.get(), sw.get(), m, n, normalizedShape, eps, needX, needW, needB);
            Tensor wv = sw.get();
            Tensor[] grads = be.layerNormBackward(UnrecordedViews.reshaped(g, m, n), UnrecordedViews.reshaped(sx.get(), m, n), sMean.get(), sRstd.get(),
                    wv == null ? null : UnrecordedViews.reshaped(wv, n));
            return new Tensor[]{needX ? UnrecordedViews.reshaped(grads[0], xs) : null,
                    needW ? UnrecordedViews.reshaped(grads[1], normalizedShape) : null,
                    needB ? UnrecordedViews.reshaped(grads[2], normalizedShape) : null};
        }, x, weight, bias);
    }

    /**
     * Layer norm's gradients in recorded ops, for createGraph (the fused kernel has no derivative
     * of its own), the statistics recomputed from x so that a second derivative sees them move:
     * {@code dx = rstd (w g - mean(w g) - xHat mean(w g xHat))} over each row.
     */
    private static Tensor[] composedGradients(Tensor g, Tensor x, Tensor weight, int m, int n, int[] normalizedShape, float eps,
                                              boolean needX, boolean needW, boolean needB) {
        Tensor x2 = x.reshape(m, n), g2 = g.reshape(m, n);
        Tensor centred = x2.sub(x2.mean(1, true));
        Tensor rstd = centred.mul(centred).mean(1, true).add(eps).pow(-0.5f);
        Tensor xHat = centred.mul(rstd);
        Tensor gxHat = weight == null ? g2 : g2.mul(weight.reshape(n));
        Tensor gx = needX ? gxHat.sub(gxHat.mean(1, true)).sub(xHat.mul(gxHat.mul(xHat).mean(1, true))).mul(rstd).reshape(x.shape()) : null;
        return new Tensor[]{gx,
                needW ? g2.mul(xHat).sum(0, false).reshape(normalizedShape) : null,
                needB ? g2.sum(0, false).reshape(normalizedShape) : null};
    }

    private static String inner(int[] shape) {
        String s = Shape.str(shape);
        return s.substring(1, s.length() - 1);
    }

    private static void checkAffine(String name, Tensor t, Tensor x, int[] normalizedShape) {
        if (t == null) return;
        if (!Arrays.equals(t.shape(), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: expected " + name + " " + Shape.str(normalizedShape) + ", got "
                    + Shape.str(t.shape()));
        }
        if (t.device() != x.device()) throw Backend.deviceMismatch("layerNorm", x.device(), t.device());
    }
}

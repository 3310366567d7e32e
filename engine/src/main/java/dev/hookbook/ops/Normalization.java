package dev.hookbook.ops;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;

/** Batch normalisation, with its fused gradient beside it. */
public final class Normalization {
    private Normalization() {}

    /**
     * Normalises each channel (dim 1) of x [N, C] or [N, C, *], as PyTorch's batch_norm:
     * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}. In training the mean and the
     * biased variance come from the batch, and the running stats (if given) move towards the
     * batch mean and the unbiased variance by {@code momentum}, in place; in evaluation the
     * running stats are used. {@code weight} and {@code bias} ([C]) may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        int[] xs = x.shape();
        if (xs.length < 2) {
            throw new IllegalArgumentException("batchNorm: expected input [N, C] or [N, C, *], got " + Shape.str(xs));
        }
        int n = xs[0], c = xs[1], l = n * c == 0 ? 0 : (int) (x.numel() / ((long) n * c)), count = n * l;
        checkChannels("weight", weight, c, xs);
        checkChannels("bias", bias, c, xs);
        checkChannels("running_mean", runningMean, c, xs);
        checkChannels("running_var", runningVar, c, xs);
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation mode needs running_mean and running_var");
        }
        if (training && count <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input "
                    + Shape.str(xs));
        }
        Backend be = x.device().backend();

        // Everything is read as [N, C, L], so per-channel values are [1, C, 1] and broadcast.
        Tensor x3 = Layout.reshaped(x, n, c, l);
        Tensor mean, var;
        if (training) {
            mean = scale(be, channelSum(be, x3), 1f / count);
            Tensor centred = be.binary(BinaryOp.SUB, x3, mean);
            var = scale(be, channelSum(be, be.binary(BinaryOp.MUL, centred, centred)), 1f / count);
            if (runningMean != null) moveTowards(be, runningMean, Layout.reshaped(mean, c), momentum);
            // The running variance is the unbiased estimate, as PyTorch's, though the batch is normalised with the biased one.
            if (runningVar != null) moveTowards(be, runningVar, Layout.reshaped(scale(be, var, (float) count / (count - 1)), c), momentum);
        } else {
            mean = Layout.reshaped(runningMean, 1, c, 1);
            var = Layout.reshaped(runningVar, 1, c, 1);
        }
        Tensor invStd = be.unary(UnaryOp.POW, be.binary(BinaryOp.ADD, var, x.constant(eps)), -0.5f);
        Tensor xHat = be.binary(BinaryOp.MUL, be.binary(BinaryOp.SUB, x3, mean), invStd);
        Tensor w3 = weight == null ? null : Layout.reshaped(weight, 1, c, 1);
        Tensor y = w3 == null ? xHat : be.binary(BinaryOp.MUL, xHat, w3);
        if (bias != null) y = be.binary(BinaryOp.ADD, y, Layout.reshaped(bias, 1, c, 1));
        Tensor out = Layout.reshaped(y, xs);

        return record("NativeBatchNorm", out, g -> {
            Tensor g3 = g.reshape(n, c, l);
            Tensor sumG = g3.sum(0, true).sum(2, true);
            Tensor sumGxHat = g3.mul(xHat).sum(0, true).sum(2, true);
            Tensor gx = null;
            if (needs(x)) {
                Tensor gain = w3 == null ? invStd : w3.mul(invStd);
                // In training mean and var depend on x too:
                // dx = gain / M * (M g - sum(g) - xHat sum(g xHat)), M values per channel.
                gx = training
                        ? g3.mul((float) count).sub(sumG).sub(xHat.mul(sumGxHat)).mul(gain.div((float) count)).reshape(xs)
                        : g3.mul(gain).reshape(xs);
            }
            return new Tensor[]{gx,
                    weight != null && needs(weight) ? sumGxHat.reshape(c) : null,
                    bias != null && needs(bias) ? sumG.reshape(c) : null};
        }, x, weight, bias);
    }

    /** Per-channel sums of t [N, C, L], as [1, C, 1]. */
    private static Tensor channelSum(Backend be, Tensor t) {
        return be.reduce(ReduceOp.SUM, be.reduce(ReduceOp.SUM, t, 0), 2);
    }

    private static Tensor scale(Backend be, Tensor t, float s) {
        return be.binary(BinaryOp.MUL, t, t.constant(s));
    }

    /** stat = (1 - momentum) stat + momentum value, in place and outside the graph. */
    private static void moveTowards(Backend be, Tensor stat, Tensor value, float momentum) {
        stat.assign(be.binary(BinaryOp.ADD, scale(be, stat, 1f - momentum), scale(be, value, momentum)));
    }

    private static void checkChannels(String name, Tensor t, int c, int[] xs) {
        if (t != null && (t.dim() != 1 || t.shape()[0] != c)) {
            throw new IllegalArgumentException("batchNorm: expected " + name + " [" + c + "] for input " + Shape.str(xs)
                    + ", got " + Shape.str(t.shape()));
        }
    }
}

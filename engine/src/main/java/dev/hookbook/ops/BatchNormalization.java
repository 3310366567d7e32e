package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;

/** Batch normalisation, with its fused gradient beside it. */
public final class BatchNormalization {
    private BatchNormalization() {}

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

        // Everything is read as [N, C, L]; per-channel values are [C]. The kernels fuse the
        // passes: statistics, then the normalised and scaled output, then the gradient.
        Tensor x3 = UnrecordedViews.reshaped(x, n, c, l);
        Tensor mean, var;
        if (training) {
            Tensor[] stats = be.batchNormStats(x3);
            mean = stats[0];
            var = stats[1];
            if (runningMean != null) moveTowards(be, runningMean, mean, momentum);
            // The running variance is the unbiased estimate, as PyTorch's, though the batch is normalised with the biased one.
            if (runningVar != null) moveTowards(be, runningVar, scale(be, var, (float) count / (count - 1)), momentum);
        } else {
            mean = runningMean;
            var = runningVar;
        }
        Tensor invStd = be.unary(UnaryOp.POW, be.binary(BinaryOp.ADD, var, x.constant(eps)), -0.5f);
        Tensor out = UnrecordedViews.reshaped(be.batchNormForward(x3, mean, invStd, weight, bias), xs);

        // The backward kernel recomputes the normalised values from x instead of keeping a copy.
        // x and weight are saved themselves (not reshaped views), so createGraph reaches their history.
        boolean needX = needs(x), needW = weight != null && needs(weight), needB = bias != null && needs(bias);
        Saved sx = Saved.of(x), sMean = Saved.of(mean), sInvStd = Saved.of(invStd), sWeight = Saved.of(weight);
        return record("NativeBatchNorm", out, List.of(sx, sWeight, sMean, sInvStd), g -> {
            if (Autograd.isGradEnabled()) {
                return composedGradients(g, sx.get(), sMean.get(), sInvStd.get(), sWeight.get(), training, eps, needX, needW, needB);
            }
            Tensor[] grads = be.batchNormBackward(UnrecordedViews.reshaped(g, n, c, l), UnrecordedViews.reshaped(sx.get(), n, c, l), sMean.get(),
                    sInvStd.get(), sWeight.get(), training);
            return new Tensor[]{needX ? UnrecordedViews.reshaped(grads[0], xs) : null,
                    needW ? grads[2] : null,
                    needB ? grads[1] : null};
        }, x, weight, bias);
    }

    /**
     * Batch norm's gradients in recorded ops, for createGraph (the fused kernel has no
     * derivative of its own). In training the statistics are recomputed from x, so the second
     * derivative sees how they depend on it:
     * {@code dx = invStd (w g - mean(w g) - xHat mean(w g xHat))}; in evaluation they are constants.
     */
    private static Tensor[] composedGradients(Tensor g, Tensor x, Tensor mean, Tensor invStd, Tensor weight, boolean training,
                                              float eps, boolean needX, boolean needW, boolean needB) {
        int[] perChannel = new int[x.dim()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = x.size(1);
        Tensor mu, istd;
        if (training) {
            mu = channelMean(x);
            Tensor centred = x.sub(mu);
            istd = channelMean(centred.mul(centred)).add(eps).pow(-0.5f);
        } else {
            mu = mean.reshape(perChannel);
            istd = invStd.reshape(perChannel);
        }
        Tensor xHat = x.sub(mu).mul(istd);
        Tensor gxHat = weight == null ? g : g.mul(weight.reshape(perChannel));
        Tensor gx = null;
        if (needX) {
            gx = training ? gxHat.sub(channelMean(gxHat)).sub(xHat.mul(channelMean(gxHat.mul(xHat)))).mul(istd) : gxHat.mul(istd);
        }
        return new Tensor[]{gx,
                needW ? channelMean(g.mul(xHat)).mul(channelCount(x)).reshape(perChannel[1]) : null,
                needB ? channelMean(g).mul(channelCount(x)).reshape(perChannel[1]) : null};
    }

    /** The mean over every dim but the channels (dim 1), kept as size-1 dims. */
    private static Tensor channelMean(Tensor t) {
        Tensor r = t;
        for (int d = t.dim() - 1; d >= 0; d--) if (d != 1) r = r.mean(d, true);
        return r;
    }

    private static float channelCount(Tensor x) {
        return (float) x.numel() / x.size(1);
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

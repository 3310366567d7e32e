package dev.hookbook.nn;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Tensor;

/**
 * What BatchNorm1d and BatchNorm2d share, as PyTorch's {@code _BatchNorm}: per-channel weight
 * (1) and bias (0) parameters, and the buffers {@code running_mean} (0), {@code running_var}
 * (1) and {@code num_batches_tracked} (0, a float here, so PyTorch state dicts load). In
 * training mode the batch's statistics normalise and the running ones are updated; in
 * evaluation mode the running ones normalise.
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final float eps;
    public final float momentum;
    public final boolean affine;
    public final boolean trackRunningStats;
    /** The weight read by forward: the registered Parameter, or the tensor that pruning or a parametrization computes from it (see Module). */
    public Tensor weight;
    /** The bias read by forward (null without one); replaceable as {@link #weight} is. */
    public Tensor bias;

    protected BatchNorm(int numFeatures, float eps, float momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + "): the number of features must be positive");
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        this.weight = registerParameter("weight", affine ? new Parameter(Tensor.ones(numFeatures)) : null);
        this.bias = registerParameter("bias", affine ? new Parameter(Tensor.zeros(numFeatures)) : null);
        registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
        registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
        registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.scalar(0f) : null);
    }

    public Tensor runningMean() {
        return buffer("running_mean");
    }

    public Tensor runningVar() {
        return buffer("running_var");
    }

    public Tensor numBatchesTracked() {
        return buffer("num_batches_tracked");
    }

    /** Throws if x is not a valid input; the message names the expected shape. */
    protected abstract void checkInput(Tensor x);

    @Override
    protected Tensor forward(Tensor x) {
        checkInput(x);
        boolean useBatchStats = isTraining() || !trackRunningStats;
        if (isTraining() && trackRunningStats) {
            try (var g = Autograd.noGrad()) {
                numBatchesTracked().assign(numBatchesTracked().add(1f));
            }
        }
        // The running stats are updated in place by the op, outside the graph.
        Tensor mean = isTraining() && !trackRunningStats ? null : runningMean();
        Tensor var = isTraining() && !trackRunningStats ? null : runningVar();
        return F.batchNorm(x, mean, var, weight, bias, useBatchStats, momentum, eps);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", eps=" + Repr.pyFloat(eps) + ", momentum=" + Repr.pyFloat(momentum)
                + ", affine=" + Repr.pyBool(affine) + ", track_running_stats=" + Repr.pyBool(trackRunningStats);
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + " " + numFeatures;
    }
}

package dev.hookbook.viz;

import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Tensor;

/**
 * What one watched module produced during the step in progress: statistics of its outputs, the
 * squared norm of its output gradients and, for a convolution, its maps for one image.
 */
final class ModuleProbe {
    final String path;
    final Module module;
    private final Saturation saturation;
    private StatsAccumulator activations;
    private float[] sample;
    private double gradSumSq;
    private boolean hasGrad;
    private FeatureMaps features;
    private float[] gradSample; // the last output gradient's sample, for the explorer's gradient histogram

    ModuleProbe(String path, Module module) {
        this.path = path;
        this.module = module;
        this.saturation = Saturation.of(module);
        this.activations = new StatsAccumulator(saturation);
    }

    boolean isConvolution() {
        return module instanceof Conv2d;
    }

    /** Records one forward output: a bounded sample, and one image's maps for a convolution. */
    void recordOutput(Tensor output, int sampleSize, int step, int maxChannels) {
        float[] values = TensorSample.of(output, sampleSize);
        activations.add(values, output.numel());
        sample = values;
        if (features == null && isConvolution() && output.dim() == 4) features = firstImage(output, step, maxChannels);
    }

    /** Records the gradient of the output; several backward passes in a step add their squares. */
    void recordGradOutput(Tensor grad, int sampleSize) {
        gradSumSq += Norms.sumOfSquares(grad, sampleSize);
        gradSample = TensorSample.of(grad, sampleSize);
        hasGrad = true;
    }

    ActivationStats stats() {
        return activations.stats();
    }

    /** The L2 norm of the output gradient, or null if no gradient arrived in this step. */
    Double gradNorm() {
        return hasGrad ? Math.sqrt(gradSumSq) : null;
    }

    float[] sample() {
        return sample;
    }

    FeatureMaps features() {
        return features;
    }

    /** Sampled values of the last output gradient of the step, or null if none arrived. */
    float[] gradSample() {
        return gradSample;
    }

    /** Starts a new step: forgets what this one recorded. */
    void reset() {
        activations = new StatsAccumulator(saturation);
        sample = null;
        gradSumSq = 0;
        hasGrad = false;
        features = null;
        gradSample = null;
    }

    /** The first {@code maxChannels} maps of image 0, read through a view (one image, not the batch). */
    private static FeatureMaps firstImage(Tensor out, int step, int maxChannels) {
        int[] shape = out.shape();
        int[] strides = out.strides();
        int channels = Math.min(shape[1], maxChannels);
        Tensor image = new Tensor(out.storage(), out.device(), new int[]{channels, shape[2], shape[3]},
                new int[]{strides[1], strides[2], strides[3]}, out.offset());
        return new FeatureMaps(step, channels, shape[2], shape[3], image.toFloatArray());
    }
}

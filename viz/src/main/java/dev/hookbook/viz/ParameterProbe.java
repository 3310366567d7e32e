package dev.hookbook.viz;

import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;

/**
 * What one watched parameter did during the step in progress: the norm of the gradients that
 * reached it, and how far the optimizer moved it. For the move, a sample of its values is kept
 * from the start of the step and compared with the same positions at the end.
 */
final class ParameterProbe {
    final String name;
    final Parameter parameter;
    private double gradSumSq;
    private boolean hasGrad;
    private float[] atStart;

    ParameterProbe(String name, Parameter parameter) {
        this.name = name;
        this.parameter = parameter;
    }

    /** A sample of the current values (the same positions every time: the shape never changes). */
    float[] sample(int sampleSize) {
        return TensorSample.of(parameter, sampleSize);
    }

    void startStep(float[] values) {
        atStart = values;
        gradSumSq = 0;
        hasGrad = false;
    }

    void recordGrad(Tensor grad, int sampleSize) {
        gradSumSq += Norms.sumOfSquares(grad, sampleSize);
        hasGrad = true;
    }

    /** The L2 norm of the gradients of this step, or null if none arrived. */
    Double gradNorm() {
        return hasGrad ? Math.sqrt(gradSumSq) : null;
    }

    /** How much the values moved since the step started, relative to their size then. */
    double updateRatio(float[] now) {
        return atStart == null || atStart.length != now.length ? Double.NaN : Norms.relativeChange(now, atStart);
    }
}

package dev.hookbook.optim;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs, as PyTorch's
 * {@code StepLR}: {@code lr = baseLr * gamma^(epoch / stepSize)} (integer division).
 */
public class StepLR extends LRScheduler {
    public final int stepSize;
    public final float gamma;

    /** gamma 0.1: PyTorch's default. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1f);
    }

    public StepLR(Optimizer optimizer, int stepSize, float gamma) {
        super(optimizer);
        if (stepSize <= 0) throw new IllegalArgumentException("StepLR: stepSize must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double lrAt(int epoch) {
        return baseLr * Math.pow(gamma, epoch / stepSize);
    }

    @Override
    public String toString() {
        return "StepLR(stepSize=" + stepSize + ", gamma=" + gamma + ", lastEpoch=" + lastEpoch() + ")";
    }
}

package dev.hookbook.optim;

/**
 * Lowers the learning rate along half a cosine from the base rate to {@code etaMin} over
 * {@code tMax} epochs, as PyTorch's {@code CosineAnnealingLR}:
 * {@code lr = etaMin + (baseLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2}. Past tMax it
 * rises again along the same cosine, as PyTorch's does. This is PyTorch's closed form; its
 * step-by-step form gives the same values unless the learning rate is changed by hand between steps.
 */
public class CosineAnnealingLR extends LRScheduler {
    public final int tMax;
    public final float etaMin;

    /** etaMin 0: PyTorch's default. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0f);
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, float etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double lrAt(int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    public String toString() {
        return "CosineAnnealingLR(tMax=" + tMax + ", etaMin=" + etaMin + ", lastEpoch=" + lastEpoch() + ")";
    }
}

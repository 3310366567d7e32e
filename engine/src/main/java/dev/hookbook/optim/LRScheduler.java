package dev.hookbook.optim;

/**
 * Sets an optimizer's learning rate by epoch, as PyTorch's {@code lr_scheduler}: made after the
 * optimizer (whose learning rate then is the base rate, epoch 0), and {@link #step()} once per
 * epoch, after that epoch's {@code optimizer.step()} calls.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final float baseLr;
    private int lastEpoch;

    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer is null");
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** Ends an epoch: the learning rate becomes the schedule's for the next one. */
    public void step() {
        lastEpoch++;
        optimizer.setLr((float) lrAt(lastEpoch));
    }

    /** The epochs ended so far (PyTorch's {@code last_epoch}). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The learning rate set last (PyTorch's {@code get_last_lr()[0]}). */
    public float lastLr() {
        return optimizer.lr();
    }

    /** The schedule: the learning rate for {@code epoch}, from {@link #baseLr}. */
    protected abstract double lrAt(int epoch);
}

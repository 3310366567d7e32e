package dev.hookbook.tensor;

/**
 * A flat buffer of float32 values on one device; tensors are views onto it (shape, strides, offset).
 *
 * <p>It counts the changes made to it in place ({@link Tensor#addInPlace} and the other in-place
 * forms, {@link Tensor#assign}), as PyTorch's version counter, which every view and detached
 * alias of the buffer shares: a tensor saved for backward remembers the count it was saved at,
 * and backward refuses to read it once the count has moved. It also remembers the count at
 * which a recorded in-place op last gave one of its tensors a new history, so that an older view
 * of the buffer, whose history no longer describes its values, is refused as an op's input.
 */
public abstract class Storage {
    private int version;
    private int historyChangedAt;

    /** How many floats the buffer holds. */
    public abstract int size();

    /** How many times the buffer has been changed in place. */
    public final int version() {
        return version;
    }

    /** Counts one change in place; returns the new count. */
    public final int bumpVersion() {
        return ++version;
    }

    /** The {@link #version()} at which a recorded in-place op last rewrote a tensor's history here (0 if none did). */
    public final int historyChangedAt() {
        return historyChangedAt;
    }

    /** Called by a recorded in-place op, after {@link #bumpVersion()}. */
    public final void markHistoryChanged() {
        historyChangedAt = version;
    }
}

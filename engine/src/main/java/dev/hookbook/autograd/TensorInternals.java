package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/**
 * The part of a tensor that only autograd changes: which node made it, and the node that
 * accumulates into it if it is a leaf. Tensor keeps these fields private and hands autograd the
 * one implementation of this interface when its class loads ({@link Graph#useTensorInternals});
 * so Tensor's public API shows none of them, as the JDK's own packages share internals.
 */
public interface TensorInternals {
    /** Makes {@code t} output {@code outputNr} of {@code gradFn} (it then requires grad). */
    void setHistory(Tensor t, Node gradFn, int outputNr);

    /** Which output of its {@code gradFn} the tensor is. */
    int outputNr(Tensor t);

    /** The leaf's accumulator, or null before the first one is made. */
    Node accumulator(Tensor t);

    void setAccumulator(Tensor t, Node accumulator);

    /**
     * Whether a recorded in-place op, through another view of {@code t}'s storage, gave that
     * view a new history after {@code t} got its own: {@code t}'s history no longer says how
     * its values came about.
     */
    boolean historyOutdated(Tensor t);
}

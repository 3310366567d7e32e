package dev.hookbook.autograd;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A tensor an op keeps for its backward rule, as PyTorch's {@code SavedVariable}. The op makes
 * it with {@link #of} beside its forward, hands it to {@code Graph.record} with the rule, and the
 * rule reads it back with {@link #get()}:
 *
 * <pre>{@code
 * Saved y = Saved.of(out);
 * return record("Exp", out, List.of(y), g -> new Tensor[]{g.mul(y.get())}, x);
 * }</pre>
 *
 * Only a recorded node keeps what it saved: when {@code record} makes the node it packs each
 * {@code Saved} with this thread's innermost {@link Autograd#savedTensorsHooks} (if any), and
 * {@link #get()} unpacks it with the matching unpack hook; an op that records nothing packs nothing.
 * The handles are the graph's only hold on the tensors a rule reads (a rule captures none), so
 * what a pack hook does not keep is free to go.
 */
public final class Saved {
    private final int[] shape;
    private Tensor tensor;                    // kept as it is while no hook packed it
    private Object packed;                    // what the pack hook returned
    private Function<Object, Tensor> unpack;  // the hook that turns it back, or null
    private String owner = "a node";          // the node's name, for errors
    private int version;                      // the storage's version when the node kept it
    private boolean released;

    private Saved(Tensor tensor) {
        this.tensor = tensor;
        this.shape = tensor == null ? null : tensor.shape();
    }

    /** {@code t} (may be null, as an absent bias), to be kept for backward if the op records. */
    public static Saved of(Tensor t) {
        return new Saved(t);
    }

    /** The saved tensor, through the unpack hook if one packed it; null if null was saved. */
    public Tensor get() {
        if (released) {
            throw new IllegalStateException(owner + ": its saved tensors were freed after the first backward; "
                    + "call backward(gradient, true) the first time to keep them");
        }
        if (unpack == null) {
            if (tensor != null && tensor.storage().version() != version) throw changedInPlace();
            return tensor;
        }
        Tensor t = SavedTensorsHooks.withoutHooks(() -> unpack.apply(packed));
        if (t == null || !Arrays.equals(t.shape(), shape)) {
            throw new IllegalStateException(owner + ": the saved-tensors unpack hook returned "
                    + (t == null ? "null" : "a tensor of shape " + Shape.str(t.shape()))
                    + " for a saved tensor of shape " + Shape.str(shape));
        }
        return t;
    }

    /**
     * The tensor as it was saved, without unpacking it: null once released, or when a pack hook
     * holds it in another form. For a rule's {@code release()}, which may hand a temporary of
     * its op back to the backend, but only one that no hook took.
     */
    public Tensor peek() {
        return released || unpack != null ? null : tensor;
    }

    /** The shape of what was saved (null for a saved null). */
    int[] shape() {
        return shape;
    }

    /** PyTorch's "one of the variables needed for gradient computation has been modified by an inplace operation". */
    private IllegalStateException changedInPlace() {
        return new IllegalStateException(owner + ": a tensor of shape " + Shape.str(shape) + " it saved for backward was changed in place"
                + " afterwards (saved at version " + version + ", now at version " + tensor.storage().version()
                + "); use the out-of-place op (add instead of addInPlace), or change a clone()");
    }

    /**
     * Called once, as {@code owner} is made: notes the tensor's version (an in-place change
     * after this is refused by {@link #get()}), then runs this thread's pack hook, if a scope is open.
     */
    void keepFor(String owner) {
        this.owner = owner;
        if (tensor != null) version = tensor.storage().version();
        SavedTensorsHooks.Pair hooks = SavedTensorsHooks.current();
        if (hooks == null || tensor == null) return;
        Tensor t = tensor;
        packed = SavedTensorsHooks.withoutHooks(() -> hooks.pack().apply(t));
        unpack = hooks.unpack();
        tensor = null; // the packed form is all the node keeps, as PyTorch's SavedVariable
    }

    /** Drops the value: what a node does after a backward that did not retain the graph. */
    void release() {
        released = true;
        tensor = null;
        packed = null;
        unpack = null;
    }
}

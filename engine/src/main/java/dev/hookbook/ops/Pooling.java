package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.BackwardRule;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Pooled;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.Window2d;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/** Pooling over windows of an image batch. */
public final class Pooling {
    private Pooling() {}

    /**
     * The maximum of each k x k window of x [N, C, H, W], windows {@code stride} apart (no
     * padding; a last partial window is dropped, as PyTorch does without ceil_mode). The kernel
     * remembers where each maximum came from, and the gradient goes back to exactly there.
     */
    public static Tensor maxPool2d(Tensor x, int k, int stride) {
        int[] xs = x.shape();
        if (xs.length != 4) {
            throw new IllegalArgumentException("maxPool2d: expected input [N, C, H, W], got " + Shape.str(xs));
        }
        if (k < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool2d: kernel size and stride must be at least 1, got kernel " + k
                    + ", stride " + stride);
        }
        if (xs[2] < k || xs[3] < k) {
            throw new IllegalArgumentException("maxPool2d: input " + Shape.str(xs) + " is smaller than the " + k + "x" + k + " window");
        }
        if (x.numel() > (1 << 24)) {
            throw new IllegalArgumentException("maxPool2d: inputs of more than 2^24 elements are not supported (indices are float32), got "
                    + Shape.str(xs));
        }
        Backend be = x.device().backend();
        Window2d window = Window2d.over(xs, k, k, stride, 0);
        Pooled pooled = be.maxPool2d(x, window);
        // The indices are the op's own: once the graph frees the rule, they go back to the backend.
        Saved sIndices = Saved.of(pooled.indices());
        int numel = (int) x.numel();
        BackwardRule rule = new BackwardRule() {
            @Override
            public Tensor[] apply(Tensor g) {
                if (Autograd.isGradEnabled()) {
                    // createGraph: a recorded scatter-add by the flat indices, whose own gradient is a gather
                    Tensor flat = Indexing.addedBack(new int[]{numel}, 0, sIndices.get().reshape(-1), g.reshape(-1));
                    return new Tensor[]{flat.reshape(xs)};
                }
                return new Tensor[]{be.maxPool2dBackward(g, sIndices.get(), window)};
            }

            @Override
            public void release() {
                Tensor own = sIndices.peek(); // not if a saved-tensors hook took them
                if (own != null) be.release(own);
            }
        };
        return Ops.releasedUnlessRecorded(record("MaxPool2DWithIndices", pooled.values(), List.of(sIndices), rule, x), rule);
    }
}

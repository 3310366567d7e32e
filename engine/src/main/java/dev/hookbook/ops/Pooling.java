package dev.hookbook.ops;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

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
        Backend be = x.device().backend();
        Tensor[] argmax = new Tensor[1];
        Tensor out = be.maxPool2d(x, k, stride, argmax);
        return record("MaxPool2DWithIndices", out, g -> new Tensor[]{be.maxPool2dBackward(g, argmax[0], xs)}, x);
    }
}

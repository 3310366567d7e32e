package dev.hookbook.ops;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * New views of a tensor's storage that record nothing: the shape changes an op's forward makes
 * on plain values (see {@link Ops}), and what the recorded ops of {@link Views} return.
 */
final class UnrecordedViews {
    private UnrecordedViews() {}

    /** x's storage read with another shape, strides and offset. */
    static Tensor as(Tensor x, int[] shape, int[] strides, int offset) {
        return new Tensor(x.storage(), x.device(), shape, strides, offset);
    }

    /** x's values read row-major in {@code shape} (copied first if x is not contiguous). */
    static Tensor reshaped(Tensor x, int... shape) {
        Tensor c = x.isContiguous() ? x : x.device().backend().contiguous(x);
        return as(c, shape, Shape.contiguousStrides(shape), c.offset());
    }

    /** x with a size-1 dim inserted at {@code d}. */
    static Tensor withDim(Tensor x, int d) {
        int[] shape = x.shape(), strides = x.strides();
        int[] ns = new int[shape.length + 1], nst = new int[shape.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) {
            if (i == d) {
                ns[i] = 1;
                nst[i] = j < shape.length ? strides[j] * shape[j] : 1;
            } else {
                ns[i] = shape[j];
                nst[i] = strides[j++];
            }
        }
        return as(x, ns, nst, x.offset());
    }

    /** x without its size-1 dim {@code d}. */
    static Tensor withoutDim(Tensor x, int d) {
        int[] shape = x.shape(), strides = x.strides();
        int[] ns = new int[shape.length - 1], nst = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i == d) continue;
            ns[j] = shape[i];
            nst[j++] = strides[i];
        }
        return as(x, ns, nst, x.offset());
    }

    /** Dim i of the result is dim {@code order[i]} of x. */
    static Tensor arranged(Tensor x, int[] order) {
        int[] shape = x.shape(), strides = x.strides();
        int[] ns = new int[order.length], nst = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            ns[i] = shape[order[i]];
            nst[i] = strides[order[i]];
        }
        return as(x, ns, nst, x.offset());
    }

    /** The last two dims of x swapped. */
    static Tensor transposedLast(Tensor x) {
        int[] order = new int[x.dim()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        order[order.length - 2] = order.length - 1;
        order[order.length - 1] = order.length - 2;
        return arranged(x, order);
    }

    /**
     * x read as [1] if it is 0-dim, else x itself: PyTorch's gather, scatter and topk treat a
     * 0-dim tensor as one element along dim 0, and the kernels want at least one dim.
     */
    static Tensor atLeast1d(Tensor x) {
        return x.dim() == 0 ? withDim(x, 0) : x;
    }

    /** {@code shape}, or [1] for the 0-dim shape (as {@link #atLeast1d(Tensor)}). */
    static int[] atLeast1d(int[] shape) {
        return shape.length == 0 ? new int[]{1} : shape;
    }

    /** x broadcast to {@code shape}: size-1 dims repeat with stride 0. */
    static Tensor expanded(Tensor x, int[] shape) {
        return as(x, shape.clone(), Shape.broadcastStrides(x.shape(), x.strides(), shape), x.offset());
    }
}

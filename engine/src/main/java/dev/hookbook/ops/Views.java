package dev.hookbook.ops;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;

import static dev.hookbook.autograd.Graph.record;

/**
 * Ops that change how storage is read, not the values: they share storage with their input,
 * as PyTorch's views do. Their gradients undo the change of shape.
 */
public final class Views {
    private Views() {}

    public static Tensor view(Tensor x, int... shape) {
        int[] target = infer("view", x, shape);
        if (!x.isContiguous()) {
            throw new IllegalArgumentException("view" + Shape.str(shape) + ": the tensor of shape " + Shape.str(x.shape())
                    + " is not contiguous (after transpose or permute); use reshape(...) instead");
        }
        int[] original = x.shape();
        return record("View", UnrecordedViews.as(x, target, Shape.contiguousStrides(target), x.offset()),
                g -> new Tensor[]{reshape(g, original)}, x);
    }

    public static Tensor reshape(Tensor x, int... shape) {
        return x.isContiguous() ? view(x, shape) : view(copy(x), shape);
    }

    public static Tensor flatten(Tensor x, int start) {
        if (x.dim() == 0) return reshape(x, 1);
        int s = Shape.dim("flatten", start, x.dim());
        int[] shape = x.shape();
        int[] out = Arrays.copyOf(shape, s + 1);
        int n = 1;
        for (int i = s; i < shape.length; i++) n *= shape[i];
        out[s] = n;
        return reshape(x, out);
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = Shape.dim("transpose", dim0, x.dim()), b = Shape.dim("transpose", dim1, x.dim());
        int[] order = new int[x.dim()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return arrange("Transpose", x, order);
    }

    public static Tensor permute(Tensor x, int... dims) {
        if (dims.length != x.dim()) {
            throw new IllegalArgumentException("permute" + Arrays.toString(dims) + ": expected " + x.dim()
                    + " dims for a tensor of shape " + Shape.str(x.shape()) + ", got " + dims.length);
        }
        int[] order = new int[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            order[i] = Shape.dim("permute", dims[i], x.dim());
            if (seen[order[i]]) throw new IllegalArgumentException("permute" + Arrays.toString(dims) + ": dim " + dims[i] + " repeats");
            seen[order[i]] = true;
        }
        return arrange("Permute", x, order);
    }

    /** Dim i of the result is dim order[i] of x. */
    private static Tensor arrange(String op, Tensor x, int[] order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[order[i]] = i;
        return record(op, UnrecordedViews.arranged(x, order), g -> new Tensor[]{arrange(op, g, inverse)}, x);
    }

    public static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.dim("unsqueeze", dim, x.dim() + 1);
        return record("Unsqueeze", UnrecordedViews.withDim(x, d), g -> new Tensor[]{squeeze(g, d)}, x);
    }

    public static Tensor squeeze(Tensor x, int dim) {
        int d = Shape.dim("squeeze", dim, x.dim());
        if (x.dim() == 0 || x.shape()[d] != 1) return x;
        return record("Squeeze", UnrecordedViews.withoutDim(x, d), g -> new Tensor[]{unsqueeze(g, d)}, x);
    }

    public static Tensor expand(Tensor x, int... shape) {
        int[] xs = x.shape();
        int[] target = Shape.broadcast("expand", xs, shape);
        if (!Arrays.equals(target, shape)) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shape.str(xs) + " to " + Shape.str(shape));
        }
        if (Arrays.equals(xs, shape)) return x;
        return record("Expand", UnrecordedViews.expanded(x, shape), g -> new Tensor[]{Ops.sumTo(g, xs)}, x);
    }

    public static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : copy(x);
    }

    public static Tensor copy(Tensor x) {
        return record("Clone", x.device().backend().contiguous(x), g -> new Tensor[]{g}, x);
    }

    /** Checks that {@code shape} holds as many elements as x, filling in one -1. */
    private static int[] infer(String op, Tensor x, int[] shape) {
        int[] out = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException(op + Shape.str(shape) + ": only one dim can be -1");
                unknown = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + Shape.str(shape) + ": invalid size " + out[i]);
            } else {
                known *= out[i];
            }
        }
        long n = x.numel();
        if (unknown >= 0 && known != 0 && n % known == 0) out[unknown] = (int) (n / known);
        if ((unknown >= 0 && (known == 0 || n % known != 0)) || Shape.numel(out) != n) {
            throw new IllegalArgumentException(op + Shape.str(shape) + ": shape is invalid for a tensor of shape "
                    + Shape.str(x.shape()) + " (" + n + " elements)");
        }
        return out;
    }
}

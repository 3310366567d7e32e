package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/** Sums, means, maxima and softmax along a dim, with their gradients. */
public final class Reductions {
    private Reductions() {}

    public static Tensor sumAll(Tensor x) {
        int[] shape = x.shape();
        Tensor out = x.device().backend().sumAll(x);
        return record("Sum", out, g -> new Tensor[]{Views.expand(g.reshape(ones(shape.length)), shape)}, x);
    }

    public static Tensor sum(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("sum", dim, x.dim());
        int[] shape = x.shape();
        if (x.dim() == 0) return sumAll(x); // a 0-dim tensor has nothing to reduce over
        Tensor kept = x.device().backend().reduce(ReduceOp.SUM, x, d);
        Tensor out = keepDim ? kept : Layout.withoutDim(kept, d);
        return record("Sum", out, g -> new Tensor[]{Views.expand(keepDim ? g : Views.unsqueeze(g, d), shape)}, x);
    }

    // Mean is its own node (not Sum then Div) so that gradFn() says MeanBackward, as in PyTorch.
    public static Tensor meanAll(Tensor x) {
        if (x.numel() == 0) throw new IllegalArgumentException("mean(): the tensor is empty (shape " + Shape.str(x.shape()) + ")");
        int[] shape = x.shape();
        float n = x.numel();
        Tensor out = x.device().backend().binary(BinaryOp.DIV, x.device().backend().sumAll(x), x.constant(n));
        return record("Mean", out, g -> new Tensor[]{Views.expand(g.div(n).reshape(ones(shape.length)), shape)}, x);
    }

    public static Tensor mean(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("mean", dim, x.dim());
        if (x.dim() == 0) return meanAll(x);
        int[] shape = x.shape();
        float n = shape[d];
        Tensor kept = x.device().backend().binary(BinaryOp.DIV, x.device().backend().reduce(ReduceOp.SUM, x, d), x.constant(n));
        Tensor out = keepDim ? kept : Layout.withoutDim(kept, d);
        return record("Mean", out, g -> new Tensor[]{Views.expand((keepDim ? g : Views.unsqueeze(g, d)).div(n), shape)}, x);
    }

    /** The maximum along {@code dim}; the gradient goes to the first maximal element, as the index does. */
    public static Tensor max(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("max", dim, x.dim());
        if (x.dim() == 0) return max(Views.reshape(x, 1), 0, false); // a 0-dim tensor is its own maximum
        int[] shape = x.shape();
        Tensor kept = x.device().backend().reduce(ReduceOp.MAX, x, d);
        Tensor out = keepDim ? kept : Layout.withoutDim(kept, d);
        Saved sx = Saved.of(x);
        return record("Max", out, List.of(sx), g -> {
            Tensor input = sx.get();
            Tensor index = input.device().backend().reduce(ReduceOp.ARGMAX, input, d);
            Tensor hit = positions(shape, d, input).eq(index);
            return new Tensor[]{hit.mul(keepDim ? g : Views.unsqueeze(g, d))};
        }, x);
    }

    public static Tensor argmax(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("argmax", dim, x.dim());
        if (x.dim() == 0) return argmax(Views.reshape(x, 1), 0, false);
        Tensor kept = x.device().backend().reduce(ReduceOp.ARGMAX, x, d);
        return keepDim ? kept : Layout.withoutDim(kept, d);
    }

    /** Softmax or log-softmax along {@code dim}. */
    public static Tensor softmax(Tensor x, int dim, boolean log) {
        int d = Shape.dim(log ? "logSoftmax" : "softmax", dim, x.dim());
        Tensor y = x.device().backend().softmax(x, d, log);
        Saved sy = Saved.of(y);
        if (log) {
            // dx = g - softmax * sum(g)
            return record("LogSoftmax", y, List.of(sy), g -> new Tensor[]{g.sub(sy.get().exp().mul(sum(g, d, true)))}, x);
        }
        // dx = y * (g - sum(g * y))
        return record("Softmax", y, List.of(sy), g -> {
            Tensor s = sy.get();
            return new Tensor[]{s.mul(g.sub(sum(g.mul(s), d, true)))};
        }, x);
    }

    /** 0, 1, 2, ... along dim {@code d}, shaped to broadcast against a tensor of {@code shape}. */
    private static Tensor positions(int[] shape, int d, Tensor like) {
        int[] s = ones(shape.length);
        s[d] = shape[d];
        return Tensor.arange(shape[d]).to(like.device()).reshape(s);
    }

    private static int[] ones(int n) {
        int[] s = new int[n];
        java.util.Arrays.fill(s, 1);
        return s;
    }
}

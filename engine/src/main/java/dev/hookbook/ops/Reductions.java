package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/** Sums, means, maxima, softmax, variance and standard deviation along a dim, with their gradients. */
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
        Tensor out = keepDim ? kept : UnrecordedViews.withoutDim(kept, d);
        return record("Sum", out, g -> new Tensor[]{Views.expand(keepDim ? g : Views.unsqueeze(g, d), shape)}, x);
    }

    // Mean is its own node (not Sum then Div) so that gradFn() says MeanBackward, as in PyTorch.
    public static Tensor meanAll(Tensor x) {
        // An empty tensor's mean is 0 / 0, NaN, as in PyTorch (and as mean along a dim of size 0 gives).
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
        Tensor out = keepDim ? kept : UnrecordedViews.withoutDim(kept, d);
        return record("Mean", out, g -> new Tensor[]{Views.expand((keepDim ? g : Views.unsqueeze(g, d)).div(n), shape)}, x);
    }

    /** The maximum along {@code dim}; the gradient goes to the first maximal element, as the index does. */
    public static Tensor max(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("max", dim, x.dim());
        if (x.dim() == 0) return max(Views.reshape(x, 1), 0, false); // a 0-dim tensor is its own maximum
        int[] shape = x.shape();
        Tensor kept = x.device().backend().reduce(ReduceOp.MAX, x, d);
        Tensor out = keepDim ? kept : UnrecordedViews.withoutDim(kept, d);
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
        return keepDim ? kept : UnrecordedViews.withoutDim(kept, d);
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

    // ------------------------------------------------------------------ variance and standard deviation, unbiased (n - 1) as PyTorch's default

    public static Tensor var(Tensor x, int dim, boolean keepDim) {
        Spread s = spread("var", x, dim);
        Tensor out = keepDim ? s.var : UnrecordedViews.withoutDim(s.var, s.dim);
        // d var / dx = 2 (x - mean) / (n - 1)
        // Saved as PyTorch's VarBackward: x, not the deviation (a new tensor the size of x, while x
        // is usually alive anyway); the rule recomputes it in ops, which also gives it x's history.
        x.device().backend().release(s.deviation); // nothing reads it again
        int d = s.dim;
        float dof = s.dof;
        Saved sx = Saved.of(x);
        return record("Var", out, List.of(sx), g -> new Tensor[]{kept(g, keepDim, d).mul(deviation(sx.get(), d)).mul(2f / dof)}, x);
    }

    public static Tensor std(Tensor x, int dim, boolean keepDim) {
        Spread s = spread("std", x, dim);
        Tensor std = x.device().backend().unary(UnaryOp.SQRT, s.var, 0);
        Tensor out = keepDim ? std : UnrecordedViews.withoutDim(std, s.dim);
        // d std / dx = (x - mean) / ((n - 1) std)
        x.device().backend().release(s.deviation); // nothing reads it again
        int d = s.dim;
        float dof = s.dof;
        Saved sx = Saved.of(x), sstd = Saved.of(std);
        return record("Std", out, List.of(sx, sstd),
                g -> new Tensor[]{kept(g, keepDim, d).mul(deviation(sx.get(), d)).div(sstd.get().mul(dof))}, x);
    }

    /** x - mean along dim, and the unbiased variance with dim kept (size 1). */
    private record Spread(int dim, float dof, Tensor deviation, Tensor var) {}

    private static Spread spread(String op, Tensor x, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": expected a tensor with at least one dim, got a 0-dim tensor");
        int d = Shape.dim(op, dim, x.dim());
        Backend be = x.device().backend();
        int n = x.size(d);
        Tensor mean = be.binary(BinaryOp.DIV, be.reduce(ReduceOp.SUM, x, d), x.constant(n));
        Tensor deviation = be.binary(BinaryOp.SUB, x, mean);
        Tensor squares = be.binary(BinaryOp.MUL, deviation, deviation);
        float dof = n - 1; // one element: 0 / 0 = NaN, as PyTorch gives
        Tensor var = be.binary(BinaryOp.DIV, be.reduce(ReduceOp.SUM, squares, d), x.constant(dof));
        be.release(squares);
        return new Spread(d, dof, deviation, var);
    }

    private static Tensor kept(Tensor g, boolean keepDim, int d) {
        return keepDim ? g : Views.unsqueeze(g, d);
    }

    /** x - mean along d, in ops (recorded under createGraph, so it has x's history). */
    private static Tensor deviation(Tensor x, int d) {
        return x.sub(x.mean(d, true));
    }
}

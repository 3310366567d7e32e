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

/** Variance and standard deviation along a dim, unbiased (divided by n - 1) as PyTorch's default. */
public final class Statistics {
    private Statistics() {}

    public static Tensor var(Tensor x, int dim, boolean keepDim) {
        Spread s = spread("var", x, dim);
        Tensor out = keepDim ? s.var : Layout.withoutDim(s.var, s.dim);
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
        Tensor out = keepDim ? std : Layout.withoutDim(std, s.dim);
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

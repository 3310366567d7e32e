package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Tensor;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;
import static dev.hookbook.ops.Ops.sumTo;

/** Broadcasting arithmetic. Each op's forward and its gradient sit side by side. */
public final class Arithmetic {
    private Arithmetic() {}

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = Ops.backend("add", a, b).binary(BinaryOp.ADD, a, b);
        boolean needA = needs(a), needB = needs(b);
        int[] aShape = a.shape(), bShape = b.shape();
        return record("Add", out, g -> new Tensor[]{
                needA ? sumTo(g, aShape) : null,
                needB ? sumTo(g, bShape) : null}, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = Ops.backend("sub", a, b).binary(BinaryOp.SUB, a, b);
        boolean needA = needs(a), needB = needs(b);
        int[] aShape = a.shape(), bShape = b.shape();
        return record("Sub", out, g -> new Tensor[]{
                needA ? sumTo(g, aShape) : null,
                needB ? sumTo(g.neg(), bShape) : null}, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Ops.backend("mul", a, b).binary(BinaryOp.MUL, a, b);
        // Each side keeps the other only if the other's gradient is needed; saved and read a, then b, as PyTorch's MulBackward0.
        boolean needA = needs(a), needB = needs(b);
        int[] aShape = a.shape(), bShape = b.shape();
        Saved sa = Saved.of(needB ? a : null), sb = Saved.of(needA ? b : null);
        return record("Mul", out, List.of(sa, sb), g -> {
            Tensor av = sa.get(), bv = sb.get();
            return new Tensor[]{needA ? sumTo(g.mul(bv), aShape) : null, needB ? sumTo(g.mul(av), bShape) : null};
        }, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = Ops.backend("div", a, b).binary(BinaryOp.DIV, a, b);
        // d(a/b)/db = -a/b^2 = -out/b (out's own history makes the second derivative right)
        boolean needA = needs(a), needB = needs(b);
        int[] aShape = a.shape(), bShape = b.shape();
        Saved sb = Saved.of(b), sout = Saved.of(needB ? out : null);
        return record("Div", out, List.of(sb, sout), g -> new Tensor[]{
                needA ? sumTo(g.div(sb.get()), aShape) : null,
                needB ? sumTo(g.mul(sout.get()).div(sb.get()).neg(), bShape) : null}, a, b);
    }

    /** 1 where equal, else 0; no gradient flows through a comparison. */
    public static Tensor eq(Tensor a, Tensor b) {
        return Ops.backend("eq", a, b).binary(BinaryOp.EQ, a, b);
    }

    /** 1 where a > b, else 0; not differentiable. */
    public static Tensor gt(Tensor a, Tensor b) {
        return Ops.backend("gt", a, b).binary(BinaryOp.GT, a, b);
    }
}

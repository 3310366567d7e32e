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
        return record("Add", out, g -> new Tensor[]{
                needs(a) ? sumTo(g, a.shape()) : null,
                needs(b) ? sumTo(g, b.shape()) : null}, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = Ops.backend("sub", a, b).binary(BinaryOp.SUB, a, b);
        return record("Sub", out, g -> new Tensor[]{
                needs(a) ? sumTo(g, a.shape()) : null,
                needs(b) ? sumTo(g.neg(), b.shape()) : null}, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Ops.backend("mul", a, b).binary(BinaryOp.MUL, a, b);
        // Each side keeps the other only if the other's gradient is needed; saved and read a, then b, as PyTorch's MulBackward0.
        Saved sa = Saved.of(needs(b) ? a : null), sb = Saved.of(needs(a) ? b : null);
        return record("Mul", out, List.of(sa, sb), g -> {
            Tensor av = sa.get(), bv = sb.get();
            return new Tensor[]{needs(a) ? sumTo(g.mul(bv), a.shape()) : null, needs(b) ? sumTo(g.mul(av), b.shape()) : null};
        }, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = Ops.backend("div", a, b).binary(BinaryOp.DIV, a, b);
        // d(a/b)/db = -a/b^2 = -out/b
        Saved sb = Saved.of(b), sout = Saved.of(needs(b) ? out : null);
        return record("Div", out, List.of(sb, sout), g -> new Tensor[]{
                needs(a) ? sumTo(g.div(sb.get()), a.shape()) : null,
                needs(b) ? sumTo(g.mul(sout.get()).div(sb.get()).neg(), b.shape()) : null}, a, b);
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

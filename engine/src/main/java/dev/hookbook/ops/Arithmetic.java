package dev.hookbook.ops;

import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Tensor;

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
        return record("Mul", out, g -> new Tensor[]{
                needs(a) ? sumTo(g.mul(b), a.shape()) : null,
                needs(b) ? sumTo(g.mul(a), b.shape()) : null}, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = Ops.backend("div", a, b).binary(BinaryOp.DIV, a, b);
        // d(a/b)/db = -a/b^2 = -out/b
        return record("Div", out, g -> new Tensor[]{
                needs(a) ? sumTo(g.div(b), a.shape()) : null,
                needs(b) ? sumTo(g.mul(out).div(b).neg(), b.shape()) : null}, a, b);
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

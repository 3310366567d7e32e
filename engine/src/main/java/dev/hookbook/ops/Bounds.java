package dev.hookbook.ops;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;
import static dev.hookbook.ops.Ops.sumTo;

/** Ops that bound values: {@code clamp} to an interval and the element-wise {@code maximum} of two tensors. */
public final class Bounds {
    private Bounds() {}

    /** Each element limited to [min, max] (max wins when min > max, as in PyTorch); NaN stays NaN. */
    public static Tensor clamp(Tensor x, float min, float max) {
        Backend be = x.device().backend();
        Tensor low = be.unary(UnaryOp.CLAMP_MIN, x, min);
        Tensor out = be.unary(UnaryOp.CLAMP_MAX, low, max);
        be.release(low);
        // The gradient passes where the clamp left x as it was (min <= x <= max, ends included).
        return record("Clamp", out, g -> new Tensor[]{g.mul(out.eq(x))}, x);
    }

    /**
     * The larger of a and b element-wise (broadcast; NaN if either is NaN). On a tie each side
     * gets half the gradient, as in PyTorch.
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = Ops.backend("maximum", a, b).binary(BinaryOp.MAXIMUM, a, b);
        return record("Maximum", out, g -> {
            Tensor half = a.eq(b).mul(0.5f);
            return new Tensor[]{
                    needs(a) ? sumTo(g.mul(a.gt(b).add(half)), a.shape()) : null,
                    needs(b) ? sumTo(g.mul(b.gt(a).add(half)), b.shape()) : null};
        }, a, b);
    }
}

package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;

import java.util.List;

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
        Saved sx = Saved.of(x), sout = Saved.of(out);
        return record("Clamp", out, List.of(sx, sout), g -> new Tensor[]{g.mul(sout.get().eq(sx.get()))}, x);
    }

    /**
     * The larger of a and b element-wise (broadcast; NaN if either is NaN). On a tie each side
     * gets half the gradient, as in PyTorch.
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = Ops.backend("maximum", a, b).binary(BinaryOp.MAXIMUM, a, b);
        Saved sa = Saved.of(a), sb = Saved.of(b);
        boolean needA = needs(a), needB = needs(b);
        int[] aShape = a.shape(), bShape = b.shape();
        return record("Maximum", out, List.of(sa, sb), g -> {
            Tensor va = sa.get(), vb = sb.get();
            Tensor half = va.eq(vb).mul(0.5f);
            return new Tensor[]{
                    needA ? sumTo(g.mul(va.gt(vb).add(half)), aShape) : null,
                    needB ? sumTo(g.mul(vb.gt(va).add(half)), bShape) : null};
        }, a, b);
    }
}

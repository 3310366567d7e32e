package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;
import static dev.hookbook.ops.Ops.sumTo;

/** Matrix products. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /**
     * PyTorch's matmul: [M,K]@[K,N]; batched [...,M,K]@[...,K,N] with the batch dims broadcast;
     * a 1-D operand is a row (left) or a column (right) vector whose dim is removed afterwards.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least 1 dim, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        // vector @ vector leaves [1] once the column dim is gone: its row dim is then the last
        if (a.dim() == 1) return Views.squeeze(matmul(Views.unsqueeze(a, 0), b), b.dim() == 1 ? -1 : -2);
        if (b.dim() == 1) return Views.squeeze(matmul(a, Views.unsqueeze(b, 1)), -1);
        int[] as = a.shape(), bs = b.shape();
        int m = as[as.length - 2], k = as[as.length - 1], k2 = bs[bs.length - 2], n = bs[bs.length - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(as) + " and " + Shape.str(bs)
                    + " cannot be multiplied (" + m + "x" + k + " and " + k2 + "x" + n + ")");
        }
        int[] batch = Shape.broadcast("matmul of " + Shape.str(as) + " and " + Shape.str(bs) + ", batch dims", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = UnrecordedViews.reshaped(Ops.backend("matmul", a, b).matmul(asBatch(a, batch, m, k), asBatch(b, batch, k, n)),
                outShape);
        String name = a.dim() == 2 && b.dim() == 2 ? "Mm" : "Bmm";
        boolean needA = needs(a), needB = needs(b);
        Saved sa = Saved.of(needB ? a : null), sb = Saved.of(needA ? b : null);
        return record(name, out, List.of(sa, sb), g -> new Tensor[]{
                needA ? sumTo(matmul(g, sb.get().transpose(-1, -2)), as) : null,
                needB ? sumTo(matmul(sa.get().transpose(-1, -2), g), bs) : null}, a, b);
    }

    /**
     * {@code x W^T + b}, the affine map of a Linear layer: x is [..., in], W is [out, in], b is [out]
     * or null. One op, so its gradient sums over the batch dims in one place.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        int[] xs = x.shape(), ws = w.shape();
        if (ws.length != 2 || xs.length == 0 || xs[xs.length - 1] != ws[1]) {
            throw new IllegalArgumentException("linear: expected input [*, " + (ws.length == 2 ? ws[1] : "?") + "] for weight "
                    + Shape.str(ws) + ", got " + Shape.str(xs));
        }
        if (b != null && (b.dim() != 1 || b.shape()[0] != ws[0])) {
            throw new IllegalArgumentException("linear: expected bias [" + ws[0] + "], got " + Shape.str(b.shape()));
        }
        Backend be = Ops.backend("linear", x, w);
        if (b != null) Ops.backend("linear", x, b);
        int rows = Shape.numel(Arrays.copyOf(xs, xs.length - 1)); // not numel / in, which is 0 for in = 0 (Linear(0, n))
        Tensor flat = UnrecordedViews.reshaped(x, rows, ws[1]);
        // W is read through a transposed view, [1, in, out]: the kernel decides how to read it.
        Tensor y = be.matmul(UnrecordedViews.withDim(flat, 0), UnrecordedViews.withDim(UnrecordedViews.transposedLast(w), 0));
        if (b != null) y = be.binary(BinaryOp.ADD, y, b);
        int[] outShape = xs.clone();
        outShape[outShape.length - 1] = ws[0];
        Tensor out = UnrecordedViews.reshaped(y, outShape);
        // x itself is saved (not its [rows, in] reshape) so that a second derivative reaches x's history.
        boolean needX = needs(x), needW = needs(w), needB = b != null && needs(b);
        Saved sx = Saved.of(needW ? x : null), sw = Saved.of(needX ? w : null);
        return record(b != null && xs.length == 2 ? "Addmm" : "Linear", out, List.of(sx, sw), g -> {
            Tensor g2 = g.reshape(rows, ws[0]); // not -1: with no outputs (ws[0] = 0) it could be any size
            return new Tensor[]{
                    needX ? matmul(g2, sw.get()).reshape(xs) : null,
                    needW ? matmul(g2.transpose(0, 1), sx.get().reshape(rows, ws[1])) : null,
                    needB ? g2.sum(0, false) : null};
        }, x, w, b);
    }

    /** Reads x as [B, rows, cols]: batch size 1 when x has no batch dims (the kernel broadcasts it). */
    private static Tensor asBatch(Tensor x, int[] batch, int rows, int cols) {
        if (x.dim() == 2) return UnrecordedViews.withDim(x, 0);
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        return UnrecordedViews.reshaped(UnrecordedViews.expanded(x, full), Shape.numel(batch), rows, cols);
    }
}

package dev.hookbook.ops;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.Window2d;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;

/**
 * 2-D convolution (cross-correlation, as PyTorch's conv2d) as a matrix product: im2col copies
 * every receptive field into a column, so the output is weight [O, C*kh*kw] times columns
 * [C*kh*kw, oh*ow] for each image. The gradient runs the same product backwards, and col2im
 * (the adjoint of im2col) sums the column gradients back into the image.
 */
public final class Convolution {
    private Convolution() {}

    /**
     * x [N, C, H, W] convolved with weight [O, C, kh, kw], plus bias [O] (or null), with the
     * same {@code stride} and zero {@code padding} in both directions; the result is
     * [N, O, (H + 2 padding - kh) / stride + 1, (W + 2 padding - kw) / stride + 1].
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        int[] xs = x.shape(), ws = weight.shape();
        if (ws.length != 4) {
            throw new IllegalArgumentException("conv2d: expected weight [out, in, kh, kw], got " + Shape.str(ws));
        }
        if (xs.length != 4 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d: expected input [N, " + ws[1] + ", H, W] for weight " + Shape.str(ws)
                    + ", got " + Shape.str(xs));
        }
        if (bias != null && (bias.dim() != 1 || bias.shape()[0] != ws[0])) {
            throw new IllegalArgumentException("conv2d: expected bias [" + ws[0] + "], got " + Shape.str(bias.shape()));
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: stride must be at least 1 and padding at least 0, got stride "
                    + stride + ", padding " + padding);
        }
        int n = xs[0], o = ws[0], kh = ws[2], kw = ws[3], patch = ws[1] * kh * kw;
        if (xs[2] + 2 * padding < kh || xs[3] + 2 * padding < kw) {
            throw new IllegalArgumentException("conv2d: padded input size " + (xs[2] + 2 * padding) + "x" + (xs[3] + 2 * padding)
                    + " is smaller than the kernel " + kh + "x" + kw + " (input " + Shape.str(xs) + ", padding " + padding + ")");
        }
        Window2d window = Window2d.over(xs, kh, kw, stride, padding);
        int oh = window.outH(), ow = window.outW(), l = oh * ow;
        Backend be = Ops.backend("conv2d", x, weight);
        if (bias != null) Ops.backend("conv2d", x, bias);

        Tensor cols = be.im2col(x, window);                                    // [N, patch, L]
        Tensor y = be.matmul(Layout.reshaped(weight, 1, o, patch), cols);             // [N, O, L]
        if (bias != null) y = be.binary(BinaryOp.ADD, y, Layout.reshaped(bias, 1, o, 1));
        Tensor out = Layout.reshaped(y, n, o, oh, ow);

        return record("Convolution", out, g -> {
            Tensor g3 = g.reshape(n, o, l);
            Tensor gx = null, gw = null, gb = null;
            if (needs(x)) {
                // d cols = W^T g, then col2im sums overlapping patches back into pixels
                Tensor dcols = weight.reshape(o, patch).transpose(0, 1).matmul(g3);
                gx = be.col2im(dcols, window);
            }
            if (needs(weight)) {
                // dW = sum over images of g [O, L] cols^T [L, patch], as one product over all N*L positions
                Tensor gAll = g3.permute(1, 0, 2).reshape(o, n * l);
                Tensor colsAll = cols.permute(0, 2, 1).reshape(n * l, patch);
                gw = gAll.matmul(colsAll).reshape(ws);
            }
            if (bias != null && needs(bias)) gb = g3.sum(2, false).sum(0, false);
            return new Tensor[]{gx, gw, gb};
        }, x, weight, bias);
    }
}

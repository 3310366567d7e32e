package dev.hookbook.ops;

import dev.hookbook.autograd.BackwardRule;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.Window2d;

import java.util.List;

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
        Tensor w2 = Layout.reshaped(weight, 1, o, patch);
        Tensor y = be.matmul(w2, cols);                                        // [N, O, L]
        if (bias != null) be.binaryInPlace(BinaryOp.ADD, y, Layout.reshaped(bias, 1, o, 1)); // y is ours alone yet
        Tensor out = Layout.reshaped(y, n, o, oh, ow);

        // The products read transposed operands as views (the kernel reads them in place), and
        // the temporaries they make never leave this rule, so they go back to the backend; so do
        // the columns, once the graph frees the rule.
        Saved sCols = Saved.of(needs(weight) ? cols : null), sW = Saved.of(needs(x) ? w2 : null);
        BackwardRule rule = new BackwardRule() {
            @Override
            public Tensor[] apply(Tensor g) {
                Tensor g3 = Layout.reshaped(g, n, o, l);
                Tensor gx = null, gw = null, gb = null;
                if (needs(x)) {
                    // d cols = W^T g, then col2im sums overlapping patches back into pixels
                    Tensor dcols = be.matmul(Layout.transposedLast(sW.get()), g3);  // [N, patch, L]
                    gx = be.col2im(dcols, window);
                    be.release(dcols);
                }
                if (needs(weight)) {
                    // dW = sum over images of g[n] [O, L] cols[n]^T [L, patch]: a batched product, then its sum
                    Tensor perImage = be.matmul(g3, Layout.transposedLast(sCols.get())); // [N, O, patch]
                    gw = Layout.reshaped(be.reduce(ReduceOp.SUM, perImage, 0), ws);
                    be.release(perImage);
                }
                if (bias != null && needs(bias)) {
                    gb = Layout.reshaped(be.reduce(ReduceOp.SUM, be.reduce(ReduceOp.SUM, g3, 2), 0), o);
                }
                return new Tensor[]{gx, gw, gb};
            }

            @Override
            public void release() {
                be.release(cols);
            }
        };
        return Ops.releasedUnlessRecorded(record("Convolution", out, List.of(sCols, sW), rule, x, weight, bias), rule);
    }
}

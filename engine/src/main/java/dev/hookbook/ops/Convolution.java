package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
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
 * (the adjoint of im2col) sums the column gradients back into the image. With createGraph the
 * gradients are recorded ops of their own (a transposed convolution and a weight gradient), so
 * convolutions have gradients of any order.
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
        Tensor w2 = UnrecordedViews.reshaped(weight, 1, o, patch);
        Tensor y = be.matmul(w2, cols);                                        // [N, O, L]
        if (bias != null) be.binaryInPlace(BinaryOp.ADD, y, UnrecordedViews.reshaped(bias, 1, o, 1)); // y is ours alone yet
        Tensor out = UnrecordedViews.reshaped(y, n, o, oh, ow);

        be.release(cols);

        // Saved as PyTorch's ConvolutionBackward0 saves them: the input and the weight, both,
        // whichever gradients are needed (its one convolution_backward reads both), so a graph
        // view and saved-tensors hooks see what PyTorch's do. The columns are not kept (kh*kw
        // times the input): the weight gradient unfolds x again. With createGraph the gradients
        // are recorded ops.
        boolean needX = needs(x), needW = needs(weight), needB = bias != null && needs(bias);
        Saved sX = Saved.of(x), sW = Saved.of(weight);
        return record("Convolution", out, List.of(sX, sW), g -> {
            if (Autograd.isGradEnabled()) {
                return new Tensor[]{needX ? inputGrad(g, sW.get(), xs, stride, padding) : null,
                        needW ? weightGrad(sX.get(), g, ws, stride, padding) : null,
                        needB ? g.sum(3, false).sum(2, false).sum(0, false) : null};
            }
            return new Tensor[]{needX ? transposedConv(be, g, sW.get(), window, n, o, patch, l) : null,
                    needW ? weightGradient(be, sX.get(), g, ws, window) : null,
                    needB ? UnrecordedViews.reshaped(be.reduce(ReduceOp.SUM, be.reduce(ReduceOp.SUM, UnrecordedViews.reshaped(g, n, o, l), 2), 0), o) : null};
        }, x, weight, bias);
    }

    /** d x = col2im(W^T g): the products read transposed operands as views, and the temporary goes back to the backend. */
    private static Tensor transposedConv(Backend be, Tensor g, Tensor weight, Window2d window, int n, int o, int patch, int l) {
        Tensor dcols = be.matmul(UnrecordedViews.transposedLast(UnrecordedViews.reshaped(weight, 1, o, patch)), UnrecordedViews.reshaped(g, n, o, l));
        Tensor gx = be.col2im(dcols, window);
        be.release(dcols);
        return gx;
    }

    /** dW from x unfolded again into columns; they go back to the backend at once. */
    private static Tensor weightGradient(Backend be, Tensor x, Tensor g, int[] ws, Window2d window) {
        Tensor cols = be.im2col(x, window);
        Tensor gw = summedOverImages(be, UnrecordedViews.reshaped(g, x.size(0), ws[0], window.outH() * window.outW()), cols, ws);
        be.release(cols);
        return gw;
    }

    /** dW = sum over images of g[n] [O, L] cols[n]^T [L, patch]: a batched product, then its sum. */
    private static Tensor summedOverImages(Backend be, Tensor g3, Tensor cols, int[] ws) {
        Tensor perImage = be.matmul(g3, UnrecordedViews.transposedLast(cols)); // [N, O, patch]
        Tensor gw = UnrecordedViews.reshaped(be.reduce(ReduceOp.SUM, perImage, 0), ws);
        be.release(perImage);
        return gw;
    }

    /**
     * The gradient of conv2d's input of shape {@code xs}: the transposed convolution of g
     * [N, O, oh, ow] with weight [O, C, kh, kw]. A recorded op, so a gradient can be
     * differentiated again: its own gradients are a convolution (for g) and a weight gradient.
     */
    static Tensor inputGrad(Tensor g, Tensor weight, int[] xs, int stride, int padding) {
        int[] ws = weight.shape();
        Window2d window = Window2d.over(xs, ws[2], ws[3], stride, padding);
        Backend be = Ops.backend("conv2d input gradient", g, weight);
        Tensor gx = transposedConv(be, g, weight, window, xs[0], ws[0], ws[1] * ws[2] * ws[3], window.outH() * window.outW());
        boolean needG = needs(g), needW = needs(weight);
        Saved sg = Saved.of(needW ? g : null), sw = Saved.of(needG ? weight : null);
        return record("ConvolutionBackwardInput", gx, List.of(sg, sw), gg -> new Tensor[]{
                needG ? conv2d(gg, sw.get(), null, stride, padding) : null,
                needW ? weightGrad(gg, sg.get(), ws, stride, padding) : null}, g, weight);
    }

    /**
     * The gradient of conv2d's weight of shape {@code ws}, given its input x and the gradient g
     * of its output. A recorded op: its own gradients are a transposed convolution (for x) and a
     * convolution (for g).
     */
    static Tensor weightGrad(Tensor x, Tensor g, int[] ws, int stride, int padding) {
        int[] xs = x.shape();
        Window2d window = Window2d.over(xs, ws[2], ws[3], stride, padding);
        Tensor gw = weightGradient(Ops.backend("conv2d weight gradient", x, g), x, g, ws, window);
        boolean needX = needs(x), needG = needs(g);
        Saved sx = Saved.of(needG ? x : null), sg = Saved.of(needX ? g : null);
        return record("ConvolutionBackwardWeight", gw, List.of(sx, sg), ggw -> new Tensor[]{
                needX ? inputGrad(sg.get(), ggw, xs, stride, padding) : null,
                needG ? conv2d(sx.get(), ggw, null, stride, padding) : null}, x, g);
    }
}

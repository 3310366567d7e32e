package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;
import static dev.hookbook.ops.Ops.sumTo;

/**
 * Reading at positions an index gives ({@code indexSelect}, {@code gather}), choosing between
 * values by a condition ({@code where}, {@code maskedFill}), and triangular masks. Gradients flow
 * back to where each value was read: gather's is a scatter-add.
 */
public final class Indexing {
    private Indexing() {}

    /** The slices of x along {@code dim} at the positions of the 1-D {@code index}, in its order. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        Backend be = Ops.backend("indexSelect", x, index);
        if (x.dim() == 0) throw new IllegalArgumentException("indexSelect: expected an input with at least one dim, got a 0-dim tensor");
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexSelect: expected a 1-D index, got shape " + Shape.str(index.shape())
                    + " (input " + Shape.str(x.shape()) + ")");
        }
        int d = Shape.dim("indexSelect", dim, x.dim());
        IndexChecks.check("indexSelect", index, x.size(d), d, IndexChecks.shapes(x, index));
        int[] shape = x.shape(), inShape = x.shape();
        shape[d] = (int) index.numel();
        // The index read as if it had the output's shape: it varies along d only.
        int[] strides = new int[shape.length];
        strides[d] = index.dim() == 0 ? 0 : index.strides()[0];
        Tensor spread = UnrecordedViews.as(index, shape, strides, index.offset());
        Tensor out = be.gather(x, d, spread);
        Saved si = Saved.of(spread);
        return record("IndexSelect", out, List.of(si), g -> new Tensor[]{addedBack(inShape, d, si.get(), g)}, x);
    }

    /**
     * {@code out[p] = x[p with p[dim] = index[p]]}, out shaped as index (PyTorch's gather). As in
     * PyTorch, a 0-dim input or index counts as one element along dim 0: a 0-dim index reads one
     * value of a 1-D (or 0-dim) input and gives a 0-dim result.
     */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        Backend be = Ops.backend("gather", x, index);
        int d = Shape.dim("gather", dim, x.dim());
        int[] shape = x.shape(), xs = UnrecordedViews.atLeast1d(shape), is = UnrecordedViews.atLeast1d(index.shape());
        boolean fits = is.length == xs.length;
        for (int i = 0; fits && i < is.length; i++) fits = i == d || is[i] <= xs[i];
        if (!fits) {
            throw new IllegalArgumentException("gather: expected an index of " + (xs.length == 1 ? "0 or 1" : xs.length)
                    + " dims, no larger than the input in any dim but " + d + "; " + IndexChecks.shapes(x, index));
        }
        IndexChecks.check("gather", index, xs[d], d, IndexChecks.shapes(x, index));
        Tensor out = be.gather(UnrecordedViews.atLeast1d(x), d, UnrecordedViews.atLeast1d(index));
        if (index.dim() == 0) out = UnrecordedViews.withoutDim(out, 0);
        Saved si = Saved.of(index);
        return record("Gather", out, List.of(si), g -> new Tensor[]{addedBack(shape, d, si.get(), g)}, x);
    }

    /**
     * The gradient of reading a tensor of {@code shape} at {@code index} along {@code d} (gather,
     * topk): a zero tensor of that shape with each {@code g[p]} added where its value came from.
     * 0-dim operands are read as [1], as in the forward.
     */
    static Tensor addedBack(int[] shape, int d, Tensor index, Tensor g) {
        Tensor grad = g.device().backend().scatterAdd(UnrecordedViews.atLeast1d(shape), d, UnrecordedViews.atLeast1d(index), UnrecordedViews.atLeast1d(g));
        Tensor out = shape.length == 0 ? UnrecordedViews.withoutDim(grad, 0) : grad;
        // A recorded op, so a gradient through it can be differentiated again: reading it back at the index is a gather.
        Saved si = Saved.of(index);
        return record("ScatterAdd", out, List.of(si), gg -> new Tensor[]{gather(gg, d, si.get())}, g);
    }

    /** x with {@code value} wherever {@code mask} (broadcast) is non-zero. */
    public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
        Backend be = Ops.backend("maskedFill", x, mask);
        Shape.broadcast("maskedFill", x.shape(), mask.shape());
        Tensor out = be.where(mask, x.constant(value), x);
        int[] shape = x.shape();
        Saved sm = Saved.of(mask);
        return record("MaskedFill", out, List.of(sm), g -> new Tensor[]{sumTo(where(sm.get(), g.constant(0f), g), shape)}, x);
    }

    /** {@code cond != 0 ? a : b} element-wise, the three broadcast against each other. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Ops.backend("where", cond, a);
        Backend be = Ops.backend("where", a, b);
        Tensor out = be.where(cond, a, b);
        Saved sc = Saved.of(cond);
        boolean needA = needs(a), needB = needs(b);
        int[] aShape = a.shape(), bShape = b.shape();
        return record("Where", out, List.of(sc), g -> {
            Tensor c = sc.get();
            Tensor zero = g.constant(0f);
            return new Tensor[]{
                    needA ? sumTo(where(c, g, zero), aShape) : null,
                    needB ? sumTo(where(c, zero, g), bShape) : null};
        }, a, b);
    }

    /** The n x n matrix with ones on and below the diagonal and zeros above, as {@code torch.tril(torch.ones(n, n))}. */
    public static Tensor tril(int n) {
        return Tensor.fromArray(triangle("tril", n, n, true), new int[]{n, n}, Device.CPU);
    }

    /** The n x n matrix with ones on and above the diagonal, as {@code torch.triu(torch.ones(n, n))}. */
    public static Tensor triu(int n) {
        return Tensor.fromArray(triangle("triu", n, n, false), new int[]{n, n}, Device.CPU);
    }

    /** x (at least 2-D) with the elements above the diagonal of its last two dims zeroed ({@code lower}), or those below. */
    public static Tensor triangular(Tensor x, boolean lower) {
        String op = lower ? "tril" : "triu";
        if (x.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected a tensor of at least 2 dims, got shape " + Shape.str(x.shape()));
        }
        int rows = x.size(-2), cols = x.size(-1);
        Tensor mask = Tensor.fromArray(triangle(op, rows, cols, lower), new int[]{rows, cols}, x.device());
        Tensor out = x.device().backend().binary(BinaryOp.MUL, x, mask);
        Saved sm = Saved.of(mask);
        return record(lower ? "Tril" : "Triu", out, List.of(sm), g -> new Tensor[]{g.mul(sm.get())}, x);
    }

    private static float[] triangle(String op, int rows, int cols, boolean lower) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException(op + ": expected a non-negative size, got " + rows + " x " + cols);
        float[] m = new float[Shape.numel(new int[]{rows, cols})];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) m[i * cols + j] = (lower ? j <= i : j >= i) ? 1f : 0f;
        }
        return m;
    }
}

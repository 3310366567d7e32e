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

/**
 * Writing at positions an index gives, out of place: {@code scatter} and {@code scatterAdd}
 * (PyTorch's {@code torch.scatter} and {@code torch.scatter_add}) and {@code indexPut}
 * (PyTorch's {@code index_put}, Python's {@code x[idx] = v} and {@code x[idx] += v}). The
 * gradients are those of PyTorch: a written value's gradient is read back with {@code gather};
 * the input's is {@code g}, zeroed where {@code scatter} overwrote it.
 */
public final class Scattering {
    private Scattering() {}

    /**
     * x with {@code src[p]} written at {@code p with p[dim] = index[p]} for every position p of
     * index, as {@code torch.scatter(x, dim, index, src)}. index has x's rank, is no larger than
     * x in any dim but dim, and no larger than src in any dim (src's extra elements are not
     * read). Where index names one element twice along dim, the later value stays (PyTorch leaves
     * it undefined).
     */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        Backend be = Ops.backend("scatter", x, src);
        int d = checked("scatter", x, dim, index, src.shape());
        Tensor out = be.scatter(x, d, index, readAs(src, index.shape()));
        Saved si = Saved.of(index);
        boolean needX = needs(x), needSrc = needs(src);
        int[] srcShape = src.shape();
        return record("Scatter", out, List.of(si), g -> new Tensor[]{
                needX ? scatter(g, d, si.get(), 0f) : null,
                needSrc ? paddedTo(g.gather(d, si.get()), srcShape) : null}, x, src);
    }

    /** x with {@code value} at {@code p with p[dim] = index[p]} for every position p of index, as {@code torch.scatter(x, dim, index, value)}. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, float value) {
        Backend be = Ops.backend("scatter", x, index);
        int d = checked("scatter", x, dim, index, null);
        Tensor out = be.scatter(x, d, index, UnrecordedViews.expanded(x.constant(value), index.shape()));
        Saved si = Saved.of(index);
        return record("Scatter", out, List.of(si), g -> new Tensor[]{scatter(g, d, si.get(), 0f)}, x);
    }

    /**
     * x with {@code src[p]} added at {@code p with p[dim] = index[p]} for every position p of
     * index, as {@code torch.scatter_add(x, dim, index, src)}; values landing on one element are
     * added in increasing order along dim. Shapes as {@link #scatter(Tensor, int, Tensor, Tensor)}.
     */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        Backend be = Ops.backend("scatterAdd", x, src);
        int d = checked("scatterAdd", x, dim, index, src.shape());
        Tensor added = be.scatterAdd(x.shape(), d, index, readAs(src, index.shape()));
        Tensor out = be.binary(BinaryOp.ADD, x, added);
        be.release(added);
        Saved si = Saved.of(needs(src) ? index : null);
        boolean needX = needs(x), needSrc = needs(src);
        int[] srcShape = src.shape();
        return record("ScatterAdd", out, List.of(si), g -> new Tensor[]{
                needX ? g : null,
                needSrc ? paddedTo(g.gather(d, si.get()), srcShape) : null}, x, src);
    }

    /**
     * x with {@code values} written at the positions {@code indices} name, as
     * {@code torch.index_put(x, indices, values, accumulate)}: Python's {@code x[i0, i1] = v}, or
     * {@code x[i0, i1] += v} with {@code accumulate}. There is one integer index tensor per leading
     * dim of x (negative values count from the end); they broadcast together to a shape B, and
     * values broadcast to B followed by x's remaining dims. Without accumulate, where indices name
     * one element twice the later value stays (PyTorch leaves it undefined); with it, both are
     * added. It writes along the flattened indexed dims with the kernels of {@link #scatter} and
     * {@link #scatterAdd}, and its gradients are PyTorch's: values get the gradient read back at
     * their positions (summed over broadcasting), x gets it zeroed where overwritten (unchanged
     * with accumulate).
     */
    public static Tensor indexPut(Tensor x, Tensor[] indices, Tensor values, boolean accumulate) {
        Ops.backend("indexPut", x, values);
        int k = indices.length;
        if (k == 0 || k > x.dim()) {
            throw new IllegalArgumentException("indexPut: expected 1 to " + x.dim() + " index tensors for an input of shape "
                    + Shape.str(x.shape()) + ", got " + k);
        }
        int[] xs = x.shape();
        int[] b = indices[0].shape();
        for (Tensor t : indices) b = Shape.broadcast("indexPut", b, t.shape());
        int[] rest = Arrays.copyOfRange(xs, k, xs.length);
        int[] target = concat(b, rest);
        if (!broadcastsTo(values.shape(), target)) {
            throw new IllegalArgumentException("indexPut: expected values that broadcast to the indexed shape " + Shape.str(target)
                    + ", got " + Shape.str(values.shape()) + " (input " + Shape.str(xs) + ")");
        }
        int places = Shape.numel(b), row = Shape.numel(rest), rows = Shape.numel(Arrays.copyOf(xs, k));
        float[] flat = new float[places];
        int stride = 1;
        for (int i = k - 1; i >= 0; i--) {
            Ops.backend("indexPut", x, indices[i]);
            float[] v = readBroadcast(indices[i], b);
            for (int p = 0; p < places; p++) flat[p] += wrapped(v[p], xs[i], i, indices[i], x) * stride;
            stride *= xs[i];
        }
        // x read as [rows, row]: each indexed place is one row, its number repeated across the row.
        Backend be = x.device().backend();
        Tensor places1 = Tensor.fromArray(flat, new int[]{places, 1}, x.device());
        Tensor at = UnrecordedViews.expanded(places1, new int[]{places, row});
        Tensor v = UnrecordedViews.reshaped(UnrecordedViews.expanded(values, target), places, row);
        Tensor flatX = UnrecordedViews.reshaped(x, rows, row);
        Tensor out;
        if (accumulate) {
            Tensor added = be.scatterAdd(new int[]{rows, row}, 0, at, v);
            out = be.binary(BinaryOp.ADD, flatX, added);
            be.release(added);
        } else {
            out = be.scatter(flatX, 0, at, v);
        }
        Saved sp = Saved.of(places1);
        boolean needX = needs(x), needValues = needs(values);
        int[] valuesShape = values.shape();
        return record("IndexPut", UnrecordedViews.reshaped(out, xs), List.of(sp), g -> {
            Tensor flatG = g.reshape(rows, row);
            Tensor idx = sp.get().expand(places, row);
            return new Tensor[]{
                    needX ? (accumulate ? g : scatter(flatG, 0, idx, 0f).reshape(xs)) : null,
                    needValues ? Ops.sumTo(flatG.gather(0, idx).reshape(target), valuesShape) : null};
        }, x, values);
    }

    /**
     * x with {@code values} written where {@code mask} is non-zero, as Python's
     * {@code x[mask] = values} ({@code torch.index_put(x, mask.nonzero(as_tuple=True), values)}):
     * mask has the shape of x's leading dims, and values broadcast to [number of non-zeros,
     * x's remaining dims...].
     */
    public static Tensor indexPut(Tensor x, Tensor mask, Tensor values) {
        Ops.backend("indexPut", x, mask);
        int[] ms = mask.shape(), xs = x.shape();
        if (ms.length == 0 || ms.length > xs.length || !Arrays.equals(ms, Arrays.copyOf(xs, ms.length))) {
            throw new IllegalArgumentException("indexPut: expected a mask shaped as the leading dims of the input "
                    + Shape.str(xs) + ", got mask " + Shape.str(ms));
        }
        float[] m = mask.toFloatArray();
        int count = 0;
        for (float f : m) if (f != 0f) count++;
        float[][] coords = new float[ms.length][count];
        int[] strides = Shape.contiguousStrides(ms);
        for (int p = 0, n = 0; p < m.length; p++) {
            if (m[p] == 0f) continue;
            for (int i = 0; i < ms.length; i++) coords[i][n] = (p / strides[i]) % ms[i];
            n++;
        }
        Tensor[] indices = new Tensor[ms.length];
        for (int i = 0; i < ms.length; i++) indices[i] = Tensor.fromArray(coords[i], new int[]{count}, x.device());
        return indexPut(x, indices, values, false);
    }

    /** Checks the operands of a scatter into x along dim (src's shape null for a value) and returns the dim, made non-negative. */
    private static int checked(String op, Tensor x, int dim, Tensor index, int[] srcShape) {
        Ops.backend(op, x, index);
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": expected an input with at least one dim, got a 0-dim tensor");
        int d = Shape.dim(op, dim, x.dim());
        int[] xs = x.shape(), is = index.shape();
        boolean fits = is.length == xs.length && (srcShape == null || srcShape.length == xs.length);
        for (int i = 0; fits && i < is.length; i++) {
            fits = (i == d || is[i] <= xs[i]) && (srcShape == null || is[i] <= srcShape[i]);
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": expected an index of " + xs.length + " dims, no larger than the input in any dim but "
                    + d + (srcShape == null ? "" : " and no larger than src in any dim") + "; " + IndexChecks.shapes(x, index)
                    + (srcShape == null ? "" : ", src " + Shape.str(srcShape)));
        }
        IndexChecks.check(op, index, xs[d], d, IndexChecks.shapes(x, index));
        return d;
    }

    /** src's leading part of {@code shape} (src is at least that large in every dim), as a view. */
    private static Tensor readAs(Tensor src, int[] shape) {
        return Arrays.equals(src.shape(), shape) ? src : UnrecordedViews.as(src, shape, src.strides(), src.offset());
    }

    /** t (a gradient read back at the index's shape) with zeros appended up to {@code shape}: src's elements past the index were not read. */
    private static Tensor paddedTo(Tensor t, int[] shape) {
        Tensor r = t;
        for (int d = 0; d < shape.length; d++) {
            int[] rs = r.shape();
            if (rs[d] == shape[d]) continue;
            rs[d] = shape[d] - rs[d];
            r = Tensor.cat(d, r, r.constant(0f).expand(rs));
        }
        return r;
    }

    /** The values of {@code index} broadcast to {@code shape}, row-major. */
    private static float[] readBroadcast(Tensor index, int[] shape) {
        float[] v = index.toFloatArray();
        if (Arrays.equals(index.shape(), shape)) return v;
        int[] strides = Shape.broadcastStrides(index.shape(), Shape.contiguousStrides(index.shape()), shape);
        float[] out = new float[Shape.numel(shape)];
        for (int p = 0; p < out.length; p++) {
            int at = 0, rem = p;
            for (int d = shape.length - 1; d >= 0; d--) {
                at += (rem % shape[d]) * strides[d];
                rem /= shape[d];
            }
            out[p] = v[at];
        }
        return out;
    }

    /** An index value of dim {@code dim} (size {@code size}), negative ones counted from the end, checked. */
    private static int wrapped(float f, int size, int dim, Tensor index, Tensor x) {
        if (f != Math.rint(f) || Float.isInfinite(f)) {
            throw new IllegalArgumentException("indexPut: expected whole-number indices, got " + f + " in the index for dim " + dim
                    + " (indices are float tensors holding integers); " + IndexChecks.shapes(x, index));
        }
        if (f < -size || f >= size) {
            throw new IllegalArgumentException("indexPut: index " + (long) f + " is out of range for dim " + dim + " of size " + size
                    + ": expected " + -size + " <= index < " + size + "; " + IndexChecks.shapes(x, index));
        }
        return f < 0 ? (int) f + size : (int) f;
    }

    /** Whether a tensor of {@code from} broadcasts to {@code to} (trailing dims equal or 1, no more dims). */
    private static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) return false;
        for (int i = 1; i <= from.length; i++) {
            int f = from[from.length - i];
            if (f != 1 && f != to[to.length - i]) return false;
        }
        return true;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

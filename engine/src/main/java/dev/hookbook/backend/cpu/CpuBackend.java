package dev.hookbook.backend.cpu;

import dev.hookbook.backend.Backend;
import dev.hookbook.backend.BinaryOp;
import dev.hookbook.backend.ReduceOp;
import dev.hookbook.backend.Storage;
import dev.hookbook.backend.UnaryOp;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * The CPU's kernels: plain loops over {@code float[]}. Element-wise kernels pick their loop by
 * op once per row, so there is no call or allocation per element; matrix products and
 * convolutions run on all cores (see {@link Gemm}).
 */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();
    /** Element-wise work is split over the cores only from this many elements per core. */
    private static final int ELEMENTWISE_GRAIN = 1 << 16;

    private CpuBackend() {}

    @Override
    public Device device() {
        return Device.CPU;
    }

    static float[] data(Tensor t) {
        return ((CpuStorage) t.storage()).data;
    }

    private static Tensor output(int[] shape) {
        return new Tensor(new CpuStorage(new float[Shape.numel(shape)]), Device.CPU, shape, Shape.contiguousStrides(shape), 0);
    }

    /** x's values as a contiguous array starting at 0: x's own array when it already is one. */
    static float[] dense(Tensor x) {
        float[] d = data(x);
        if (x.isContiguous() && x.offset() == 0 && d.length == x.numel()) return d;
        return INSTANCE.download(x);
    }

    // ------------------------------------------------------------------ memory

    @Override
    public Storage allocate(int size) {
        return new CpuStorage(new float[size]);
    }

    @Override
    public Storage upload(float[] data) {
        return new CpuStorage(data);
    }

    @Override
    public float[] download(Tensor t) {
        float[] src = data(t);
        float[] out = new float[(int) t.numel()];
        if (t.isContiguous()) {
            System.arraycopy(src, t.offset(), out, 0, out.length);
            return out;
        }
        int[] shape = t.shape();
        int inner = shape[shape.length - 1];
        int[] strides = t.strides();
        int s = strides[strides.length - 1];
        int[] written = {0};
        Strided.rows(shape, new int[][]{strides}, new int[]{t.offset()}, (off, n) -> {
            int o = written[0];
            for (int i = 0, p = off[0]; i < n; i++, p += s) out[o + i] = src[p];
            written[0] += inner;
        });
        return out;
    }

    @Override
    public Tensor contiguous(Tensor t) {
        int[] shape = t.shape();
        return new Tensor(new CpuStorage(download(t)), Device.CPU, shape, Shape.contiguousStrides(shape), 0);
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        int[] shape = dst.shape();
        float[] from = data(src), to = data(dst);
        int[] ss = Shape.broadcastStrides(src.shape(), src.strides(), shape);
        int[] ds = dst.strides();
        if (shape.length == 0) {
            to[dst.offset()] = from[src.offset()];
            return;
        }
        int si = ss[ss.length - 1], di = ds[ds.length - 1];
        Strided.rows(shape, new int[][]{ds, ss}, new int[]{dst.offset(), src.offset()}, (off, n) -> {
            for (int i = 0, p = off[0], q = off[1]; i < n; i++, p += di, q += si) to[p] = from[q];
        });
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public Tensor unary(UnaryOp op, Tensor x, float arg) {
        float[] in = dense(x);
        Tensor out = output(x.shape());
        float[] o = data(out);
        Parallel.forRange(o.length, ELEMENTWISE_GRAIN, (from, to) -> UnaryKernels.range(op, in, o, arg, from, to));
        return out;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        Tensor out = output(shape);
        float[] o = data(out), x = data(a), y = data(b);
        int n = o.length;
        if (n == 0) return out;
        boolean sameShape = java.util.Arrays.equals(a.shape(), shape) && java.util.Arrays.equals(b.shape(), shape);
        // Flat cases (same shape, or one side a single value) split over the cores.
        int aFlat = -1, bFlat = -1;
        if (sameShape && a.isContiguous() && b.isContiguous()) {
            aFlat = 1;
            bFlat = 1;
        } else if (b.numel() == 1 && a.isContiguous() && java.util.Arrays.equals(a.shape(), shape)) {
            aFlat = 1;
            bFlat = 0;
        } else if (a.numel() == 1 && b.isContiguous() && java.util.Arrays.equals(b.shape(), shape)) {
            aFlat = 0;
            bFlat = 1;
        }
        if (aFlat >= 0) {
            int aStep = aFlat, bStep = bFlat, ao = a.offset(), bo = b.offset();
            Parallel.forRange(n, ELEMENTWISE_GRAIN, (from, to) ->
                    BinaryKernels.row(op, x, ao + from * aStep, aStep, y, bo + from * bStep, bStep, o, from, to - from));
        } else {
            int[] as = Shape.broadcastStrides(a.shape(), a.strides(), shape);
            int[] bs = Shape.broadcastStrides(b.shape(), b.strides(), shape);
            int[] os = Shape.contiguousStrides(shape);
            int ai = shape.length == 0 ? 0 : as[as.length - 1], bi = shape.length == 0 ? 0 : bs[bs.length - 1];
            Strided.rows(shape, new int[][]{os, as, bs}, new int[]{0, a.offset(), b.offset()},
                    (off, len) -> BinaryKernels.row(op, x, off[1], ai, y, off[2], bi, o, off[0], len));
        }
        return out;
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int dim) {
        int[] shape = x.shape();
        int[] outShape = shape.clone();
        outShape[dim] = 1;
        Tensor out = output(outShape);
        int n = shape[dim];
        if (n == 0) {
            if (op != ReduceOp.SUM) throw new IllegalArgumentException(op.name().toLowerCase() + "(): dim " + dim + " of shape " + Shape.str(shape) + " is empty");
            return out;
        }
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        Reduce.along(op, dense(x), data(out), outer, n, inner);
        return out;
    }

    @Override
    public Tensor sumAll(Tensor x) {
        float[] in = dense(x);
        double s = 0;
        for (int i = 0, n = (int) x.numel(); i < n; i++) s += in[i];
        Tensor out = output(new int[0]);
        data(out)[0] = (float) s;
        return out;
    }

    @Override
    public Tensor softmax(Tensor x, int dim, boolean log) {
        int[] shape = x.shape();
        Tensor out = output(shape);
        int outer = 1, inner = 1, n = shape.length == 0 ? 1 : shape[dim];
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        Reduce.softmax(dense(x), data(out), outer, n, inner, log);
        return out;
    }

    // ------------------------------------------------------------------ matrix products, convolution, pooling

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.shape(), bs = b.shape();
        int batch = Math.max(as[0], bs[0]), m = as[1], k = as[2], n = bs[2];
        Tensor out = output(new int[]{batch, m, n});
        if (VectorSupport.ENABLED) {
            // Reads both operands where they lie, transposed views included.
            VectorGemm.batched(matrices(a), matrices(b), data(out), batch, m, n, k);
        } else {
            VectorSupport.hintOnce();
            Gemm.batched(dense(a), as[0] == 1 ? 0 : m * k, dense(b), bs[0] == 1 ? 0 : k * n, data(out), batch, m, n, k);
        }
        return out;
    }

    /** A [B, rows, cols] tensor as the matrix kernels read it; a batch of 1 serves every batch. */
    private static MatrixView matrices(Tensor x) {
        int[] s = x.strides();
        return new MatrixView(data(x), x.offset(), x.shape()[0] == 1 ? 0 : s[0], s[1], s[2]);
    }

    @Override
    public Tensor im2col(Tensor x, int kh, int kw, int stride, int padding) {
        int[] s = x.shape();
        int oh = (s[2] + 2 * padding - kh) / stride + 1, ow = (s[3] + 2 * padding - kw) / stride + 1;
        Tensor out = output(new int[]{s[0], s[1] * kh * kw, oh * ow});
        Im2Col.unfold(dense(x), data(out), s[0], s[1], s[2], s[3], kh, kw, stride, padding, oh, ow);
        return out;
    }

    @Override
    public Tensor col2im(Tensor cols, int[] imageShape, int kh, int kw, int stride, int padding) {
        int[] s = imageShape;
        int oh = (s[2] + 2 * padding - kh) / stride + 1, ow = (s[3] + 2 * padding - kw) / stride + 1;
        Tensor out = output(imageShape.clone());
        Im2Col.fold(dense(cols), data(out), s[0], s[1], s[2], s[3], kh, kw, stride, padding, oh, ow);
        return out;
    }

    @Override
    public Tensor maxPool2d(Tensor x, int k, int stride, Tensor[] argmaxOut) {
        int[] s = x.shape();
        int oh = (s[2] - k) / stride + 1, ow = (s[3] - k) / stride + 1;
        Tensor out = output(new int[]{s[0], s[1], oh, ow});
        Tensor argmax = output(new int[]{s[0], s[1], oh, ow});
        Pool.max(dense(x), data(out), data(argmax), s[0] * s[1], s[2], s[3], k, stride, oh, ow);
        argmaxOut[0] = argmax;
        return out;
    }

    @Override
    public Tensor maxPool2dBackward(Tensor grad, Tensor argmax, int[] inputShape) {
        Tensor out = output(inputShape.clone());
        float[] g = dense(grad), idx = dense(argmax), o = data(out);
        for (int i = 0; i < g.length; i++) o[(int) idx[i]] += g[i];
        return out;
    }
}

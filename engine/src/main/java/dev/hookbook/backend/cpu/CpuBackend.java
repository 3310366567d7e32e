package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.AlongDim;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Pooled;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Storage;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.Window2d;

/**
 * The CPU's kernels: plain loops over {@code float[]}. Element-wise kernels pick their loop by
 * op once per row, so there is no call or allocation per element; matrix products run through
 * {@link VectorGemm} (or the plain-Java {@link Gemm} without the Vector API), on all cores when
 * they are large enough. The row loops with a SIMD form are {@link RowKernels}', whose form is
 * chosen once, as the class loads. A dense copy a kernel makes of a strided input goes back to the
 * {@link BufferPool} when the kernel is done ({@link #doneWith}).
 */
public final class CpuBackend implements Backend {
    /**
     * The Vector API's preferred species, or 0 where the JVM runs without
     * {@code --add-modules jdk.incubator.vector} and the kernels are plain Java.
     */
    @Override
    public int vectorBits() {
        return VectorSupport.laneBits();
    }

    public static final CpuBackend INSTANCE = new CpuBackend();
    /**
     * Element-wise work is split over the cores only from this many elements per core. Measured
     * on 2 cores: one thread already moves as many bytes as two for an add (two were 0-6% slower
     * from 8K to 2M floats, the handoff costing more than the second core gives), so plain
     * arithmetic stays on the calling thread up to 2M elements; see {@link UnaryKernels#grain}
     * for functions that cost more per element.
     */
    private static final int ELEMENTWISE_GRAIN = 1 << 20;

    private CpuBackend() {}

    @Override
    public Device device() {
        return Device.CPU;
    }

    static float[] data(Tensor t) {
        return ((CpuStorage) t.storage()).data;
    }

    /** A new contiguous tensor of zeros, for kernels that accumulate or skip elements. */
    private static Tensor output(int[] shape) {
        return wrap(BufferPool.takeZeroed(Shape.numel(shape)), shape);
    }

    /** A new contiguous tensor whose every element the kernel about to run will write. */
    private static Tensor uninitialised(int[] shape) {
        return wrap(BufferPool.take(Shape.numel(shape)), shape);
    }

    private static Tensor wrap(float[] data, int[] shape) {
        return new Tensor(new CpuStorage(data), Device.CPU, shape, Shape.contiguousStrides(shape), 0);
    }

    /** x's values as a contiguous array starting at 0: x's own array when it already is one. */
    static float[] dense(Tensor x) {
        float[] d = data(x);
        if (isDense(x, d)) return d;
        float[] copy = BufferPool.take((int) x.numel());
        INSTANCE.gather(x, copy);
        return copy;
    }

    private static boolean isDense(Tensor x, float[] d) {
        return x.isContiguous() && x.offset() == 0 && d.length == x.numel();
    }

    /** Gives back what {@link #dense} copied for a kernel, once the kernel is done with it. */
    private static void doneWith(float[] dense, Tensor x) {
        if (dense != data(x)) BufferPool.give(dense);
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
        float[] out = new float[(int) t.numel()];
        gather(t, out);
        return out;
    }

    /** Writes t's values row-major into out. */
    private void gather(Tensor t, float[] out) {
        float[] src = data(t);
        if (t.isContiguous()) {
            System.arraycopy(src, t.offset(), out, 0, out.length);
            return;
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
    }

    @Override
    public Tensor contiguous(Tensor t) {
        Tensor out = uninitialised(t.shape());
        gather(t, data(out));
        return out;
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
        Tensor out = uninitialised(x.shape());
        float[] o = data(out);
        Parallel.forRange(o.length, UnaryKernels.grain(op, ELEMENTWISE_GRAIN), (from, to) -> UnaryKernels.range(op, in, o, arg, from, to));
        doneWith(in, x);
        return out;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        Tensor out = uninitialised(shape);
        into(op, a, b, out);
        return out;
    }

    @Override
    public void binaryInPlace(BinaryOp op, Tensor target, Tensor b) {
        Shape.broadcast(op.name().toLowerCase(), b.shape(), target.shape());
        if (!target.isContiguous()) throw new IllegalArgumentException(op.name().toLowerCase() + "_: the target must be contiguous");
        // Each element is read before it is written, at the same index: safe in place.
        into(op, target, b, target);
    }

    @Override
    public void unaryInPlace(UnaryOp op, Tensor x, float arg) {
        float[] d = data(x);
        if (!isDense(x, d)) {
            Backend.super.unaryInPlace(op, x, arg);
            return;
        }
        // Each element is read before it is written, at the same index: safe in place.
        Parallel.forRange(d.length, UnaryKernels.grain(op, ELEMENTWISE_GRAIN), (from, to) -> UnaryKernels.range(op, d, d, arg, from, to));
    }

    @Override
    public void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        // Written straight into out unless out overlaps an operand other than element for element.
        if (out.isContiguous() && readsOnlyItsOwnIndex(a, out) && readsOnlyItsOwnIndex(b, out)) into(op, a, b, out);
        else Backend.super.binaryInto(op, a, b, out);
    }

    /** Whether x, read while out is written, is in other memory than out, or is out itself. */
    private static boolean readsOnlyItsOwnIndex(Tensor x, Tensor out) {
        return x.storage() != out.storage() || x.offset() == out.offset()
                && java.util.Arrays.equals(x.shape(), out.shape()) && java.util.Arrays.equals(x.strides(), out.strides());
    }

    /** out = a op b over out's shape (contiguous), a and b broadcast to it. */
    private static void into(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.shape();
        float[] o = data(out), x = data(a), y = data(b);
        int n = (int) out.numel(), oo = out.offset();
        if (n == 0) return;
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
        int ao = a.offset(), bo = b.offset();
        if (aFlat == 1 && ao == 0 && oo == 0 && (bFlat == 0 || bo == 0)) {
            // Every array from index 0: the loops the JIT vectorises.
            if (bFlat == 1) {
                Parallel.forRange(n, ELEMENTWISE_GRAIN, (from, to) -> BinaryKernels.same(op, x, y, o, from, to));
            } else {
                float value = y[bo];
                Parallel.forRange(n, ELEMENTWISE_GRAIN, (from, to) -> BinaryKernels.withValue(op, x, value, o, from, to));
            }
        } else if (aFlat >= 0) {
            int aStep = aFlat, bStep = bFlat;
            Parallel.forRange(n, ELEMENTWISE_GRAIN, (from, to) ->
                    BinaryKernels.row(op, x, ao + from * aStep, aStep, y, bo + from * bStep, bStep, o, oo + from, to - from));
        } else {
            int[] as = Shape.broadcastStrides(a.shape(), a.strides(), shape);
            int[] bs = Shape.broadcastStrides(b.shape(), b.strides(), shape);
            int[] os = Shape.contiguousStrides(shape);
            int ai = shape.length == 0 ? 0 : as[as.length - 1], bi = shape.length == 0 ? 0 : bs[bs.length - 1];
            Strided.rows(shape, new int[][]{os, as, bs}, new int[]{oo, a.offset(), b.offset()},
                    (off, len) -> BinaryKernels.row(op, x, off[1], ai, y, off[2], bi, o, off[0], len));
        }
    }

    @Override
    public void release(Tensor t) {
        BufferPool.give(data(t));
    }

    @Override
    public long emptyCache() {
        return BufferPool.clear() * Float.BYTES;
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int dim) {
        int[] shape = x.shape();
        int[] outShape = shape.clone();
        outShape[dim] = 1;
        Tensor out = op == ReduceOp.SUM ? output(outShape) : uninitialised(outShape);
        int n = shape[dim];
        if (n == 0) {
            if (op != ReduceOp.SUM) throw new IllegalArgumentException(op.name().toLowerCase() + "(): dim " + dim + " of shape " + Shape.str(shape) + " is empty");
            return out;
        }
        float[] in = dense(x);
        Reduce.along(op, in, data(out), AlongDim.of(shape, dim));
        doneWith(in, x);
        return out;
    }

    @Override
    public Tensor sumAll(Tensor x) {
        float[] in = dense(x);
        double s = 0;
        for (int i = 0, n = (int) x.numel(); i < n; i++) s += in[i];
        doneWith(in, x);
        Tensor out = output(new int[0]);
        data(out)[0] = (float) s;
        return out;
    }

    @Override
    public Tensor softmax(Tensor x, int dim, boolean log) {
        int[] shape = x.shape();
        Tensor out = uninitialised(shape);
        float[] in = dense(x);
        Reduce.softmax(in, data(out), AlongDim.of(shape, dim), log);
        doneWith(in, x);
        return out;
    }

    // ------------------------------------------------------------------ matrix products, convolution, pooling

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.shape(), bs = b.shape();
        int batch = Math.max(as[0], bs[0]), m = as[1], k = as[2], n = bs[2];
        int[] shape = {batch, m, n};
        if (VectorSupport.ENABLED) {
            // The vector kernel reads both operands where they lie, transposed views included, and
            // writes every element of C, so its output needs no zeroing.
            Tensor out = k > 0 ? uninitialised(shape) : output(shape);
            VectorGemm.batched(matrices(a), matrices(b), data(out), batch, m, n, k);
            return out;
        }
        VectorSupport.hintOnce();
        Tensor out = output(shape);
        float[] ad = dense(a), bd = dense(b);
        Gemm.batched(ad, as[0] == 1 ? 0 : m * k, bd, bs[0] == 1 ? 0 : k * n, data(out), batch, m, n, k);
        doneWith(ad, a);
        doneWith(bd, b);
        return out;
    }

    /** A [B, rows, cols] tensor as the matrix kernels read it; a batch of 1 serves every batch. */
    private static MatrixView matrices(Tensor x) {
        int[] s = x.strides();
        return new MatrixView(data(x), x.offset(), x.shape()[0] == 1 ? 0 : s[0], s[1], s[2]);
    }

    @Override
    public Tensor im2col(Tensor x, Window2d window) {
        Tensor out = output(window.columnsShape());
        float[] in = dense(x);
        Im2Col.unfold(in, data(out), window);
        doneWith(in, x);
        return out;
    }

    @Override
    public Tensor col2im(Tensor cols, Window2d window) {
        Tensor out = output(window.imageShape());
        float[] in = dense(cols);
        Im2Col.fold(in, data(out), window);
        doneWith(in, cols);
        return out;
    }

    @Override
    public Pooled maxPool2d(Tensor x, Window2d window) {
        Tensor out = uninitialised(window.pooledShape());
        Tensor indices = uninitialised(window.pooledShape());
        float[] in = dense(x);
        Pool.max(in, data(out), data(indices), window);
        doneWith(in, x);
        return new Pooled(out, indices);
    }

    @Override
    public Tensor maxPool2dBackward(Tensor grad, Tensor indices, Window2d window) {
        Tensor out = output(window.imageShape());
        float[] g = dense(grad), idx = dense(indices);
        Pool.backward(g, idx, data(out));
        doneWith(g, grad);
        doneWith(idx, indices);
        return out;
    }

    // ------------------------------------------------------------------ batch norm, optimizers

    @Override
    public Tensor[] batchNormStats(Tensor x) {
        int[] s = x.shape();
        Tensor mean = uninitialised(new int[]{s[1]}), var = uninitialised(new int[]{s[1]});
        float[] in = dense(x);
        BatchNormKernels.stats(in, data(mean), data(var), s[0], s[1], s[2]);
        doneWith(in, x);
        return new Tensor[]{mean, var};
    }

    @Override
    public Tensor batchNormForward(Tensor x, Tensor mean, Tensor invStd, Tensor weight, Tensor bias) {
        int[] s = x.shape();
        Tensor y = uninitialised(s);
        float[] in = dense(x);
        BatchNormKernels.forward(in, data(y), dense(mean), dense(invStd), weight == null ? null : dense(weight),
                bias == null ? null : dense(bias), s[0], s[1], s[2]);
        doneWith(in, x);
        return y;
    }

    @Override
    public Tensor[] batchNormBackward(Tensor g, Tensor x, Tensor mean, Tensor invStd, Tensor weight, boolean training) {
        int[] s = x.shape();
        Tensor gx = uninitialised(s), sumG = uninitialised(new int[]{s[1]}), sumGxHat = uninitialised(new int[]{s[1]});
        float[] gd = dense(g), xd = dense(x);
        BatchNormKernels.backward(gd, xd, dense(mean), dense(invStd), weight == null ? null : dense(weight), training,
                data(gx), data(sumG), data(sumGxHat), s[0], s[1], s[2]);
        doneWith(gd, g);
        doneWith(xd, x);
        return new Tensor[]{gx, sumG, sumGxHat};
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor buf, float lr, float momentum, float weightDecay, boolean first) {
        float[] p = inPlace(param), b = buf == null ? null : own(buf), g = dense(grad);
        Parallel.forRange(p.length, ELEMENTWISE_GRAIN, (from, to) ->
                OptimizerKernels.sgd(p, g, b, lr, momentum, weightDecay, first, from, to));
        doneWith(g, grad);
        writeBack(param, p);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float beta1, float beta2, float eps, float weightDecay,
                         float stepSize, float sqrtCorrection2) {
        adamLikeStep(param, grad, m, v, (p, g, md, vd, from, to) ->
                OptimizerKernels.adam(p, g, md, vd, beta1, beta2, eps, weightDecay, stepSize, sqrtCorrection2, from, to));
    }

    @Override
    public void adamWStep(Tensor param, Tensor grad, Tensor m, Tensor v, float beta1, float beta2, float eps, float decay,
                          float stepSize, float sqrtCorrection2) {
        adamLikeStep(param, grad, m, v, (p, g, md, vd, from, to) ->
                OptimizerKernels.adamW(p, g, md, vd, beta1, beta2, eps, decay, stepSize, sqrtCorrection2, from, to));
    }

    /** One range of an Adam-style update of p from g, with the moment buffers md and vd. */
    private interface AdamKernel {
        void run(float[] p, float[] g, float[] md, float[] vd, int from, int to);
    }

    /** An Adam-style step in place: the parameter and both moments updated by {@code kernel}, over the cores. */
    private static void adamLikeStep(Tensor param, Tensor grad, Tensor m, Tensor v, AdamKernel kernel) {
        float[] p = inPlace(param), md = own(m), vd = own(v), g = dense(grad);
        Parallel.forRange(p.length, ELEMENTWISE_GRAIN, (from, to) -> kernel.run(p, g, md, vd, from, to));
        doneWith(g, grad);
        writeBack(param, p);
    }

    /** t's own array when t covers it exactly; else a copy, which {@link #writeBack} puts back. */
    private static float[] inPlace(Tensor t) {
        float[] d = data(t);
        return isDense(t, d) ? d : INSTANCE.download(t);
    }

    /** The array of an optimizer's own state tensor, which it keeps dense. */
    private static float[] own(Tensor t) {
        float[] d = data(t);
        if (!isDense(t, d)) throw new IllegalArgumentException("optimizer state must be a dense tensor, got a view of shape "
                + Shape.str(t.shape()));
        return d;
    }

    private static void writeBack(Tensor t, float[] values) {
        if (values != data(t)) INSTANCE.copyInto(t, wrap(values, t.shape()));
    }

    // ------------------------------------------------------------------ indexing, selection and top-k

    @Override
    public Tensor gather(Tensor x, int dim, Tensor index) {
        Tensor out = uninitialised(index.shape());
        IndexKernels.gather(data(x), x.offset(), x.strides(), dim, data(index), index.offset(), index.strides(),
                index.shape(), data(out));
        return out;
    }

    @Override
    public Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor src) {
        Tensor out = output(shape);
        IndexKernels.scatterAdd(data(out), shape, dim, data(index), index.offset(), index.strides(),
                data(src), src.offset(), src.strides(), index.shape());
        return out;
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        if (shape.length == 0) {
            Tensor one = uninitialised(new int[]{1});
            data(one)[0] = data(cond)[cond.offset()] != 0f ? data(a)[a.offset()] : data(b)[b.offset()];
            return new Tensor(one.storage(), Device.CPU, shape, new int[0], 0);
        }
        Tensor out = uninitialised(shape);
        IndexKernels.where(data(cond), cond.offset(), Shape.broadcastStrides(cond.shape(), cond.strides(), shape),
                data(a), a.offset(), Shape.broadcastStrides(a.shape(), a.strides(), shape),
                data(b), b.offset(), Shape.broadcastStrides(b.shape(), b.strides(), shape), shape, data(out));
        return out;
    }

    @Override
    public Tensor[] topk(Tensor x, int dim, int k) {
        int[] shape = x.shape();
        shape[dim] = k;
        Tensor values = uninitialised(shape), indices = uninitialised(shape);
        float[] in = dense(x);
        IndexKernels.topk(in, AlongDim.of(x.shape(), dim), k, data(values), data(indices));
        doneWith(in, x);
        return new Tensor[]{values, indices};
    }

    // ------------------------------------------------------------------ sequence layers: layer norm, AdamW

    @Override
    public Tensor[] layerNormForward(Tensor x, Tensor weight, Tensor bias, float eps) {
        int m = x.shape()[0], n = x.shape()[1];
        Tensor mean = uninitialised(new int[]{m}), rstd = uninitialised(new int[]{m}), y = uninitialised(new int[]{m, n});
        float[] in = dense(x);
        LayerNormKernels.forward(in, weight == null ? null : dense(weight), bias == null ? null : dense(bias), eps,
                data(mean), data(rstd), data(y), m, n);
        doneWith(in, x);
        return new Tensor[]{mean, rstd, y};
    }

    @Override
    public Tensor[] layerNormBackward(Tensor g, Tensor x, Tensor mean, Tensor rstd, Tensor weight) {
        int m = x.shape()[0], n = x.shape()[1];
        Tensor gx = uninitialised(new int[]{m, n}), gw = uninitialised(new int[]{n}), gb = uninitialised(new int[]{n});
        float[] gd = dense(g), xd = dense(x), md = dense(mean), rd = dense(rstd);
        LayerNormKernels.inputGrad(gd, xd, md, rd, weight == null ? null : dense(weight), data(gx), m, n);
        LayerNormKernels.parameterGrads(gd, xd, md, rd, data(gw), data(gb), m, n);
        doneWith(gd, g);
        doneWith(xd, x);
        return new Tensor[]{gx, gw, gb};
    }

    // ------------------------------------------------------------------ order statistics: kthvalue, median, quantile

    @Override
    public Tensor[] kthSmallest(Tensor x, int dim, int k) {
        int[] shape = x.shape();
        shape[dim] = 1;
        Tensor values = uninitialised(shape), indices = uninitialised(shape);
        if (x.numel() == 0) return new Tensor[]{values, indices};
        float[] in = dense(x);
        OrderStatisticKernels.kthSmallest(in, AlongDim.of(x.shape(), dim), k, data(values), data(indices));
        doneWith(in, x);
        return new Tensor[]{values, indices};
    }

    // ------------------------------------------------------------------ scatter: scatter and indexPut

    @Override
    public Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        Tensor out = contiguous(x);
        ScatterKernels.scatter(data(out), out.shape(), dim, data(index), index.offset(), index.strides(),
                data(src), src.offset(), src.strides(), index.shape());
        return out;
    }
}

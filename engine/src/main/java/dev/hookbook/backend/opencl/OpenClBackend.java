package dev.hookbook.backend.opencl;

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
 * The kernels of one OpenCL device, with the CPU backend's semantics (float32 values, the same
 * NaN rules, first index on ties). Inputs may be any strided view on this device: element-wise
 * kernels, copies and matrix products read through strides; reductions, softmax and pooling
 * first make their input contiguous. Outputs are new contiguous buffers.
 */
public final class OpenClBackend implements Backend {
    /** Work-group shape of the matmul kernel: TILE x TILE outputs, TILE / WPT rows of work-items (see matmul.cl). */
    private static final int TILE = 32, WPT = 4;
    /** Values summed by one work-item in the first pass of {@link #sumAll}. */
    private static final int SUM_CHUNK = 4096;

    private final OpenClRuntime runtime;
    private final Device device;

    OpenClBackend(OpenClRuntime runtime) {
        this.runtime = runtime;
        this.device = Device.of(runtime.name(), this);
    }

    @Override
    public Device device() {
        return device;
    }

    /** The runtime behind this backend: buffers, the compiler, kernel launches. */
    public OpenClRuntime runtime() {
        return runtime;
    }

    /** t's buffer, after checking that t lives on this device. */
    private OpenClStorage buf(String op, Tensor t) {
        if (t.device() != device || !(t.storage() instanceof OpenClStorage s)) throw Backend.deviceMismatch(op, device, t.device());
        return s;
    }

    /** A new contiguous tensor whose every element the kernel about to run will write. */
    private Tensor output(int[] shape) {
        return new Tensor(runtime.allocateUninitialized(Shape.numel(shape)), device, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A new contiguous tensor of zeros, for kernels that accumulate or skip elements. */
    private Tensor zeros(int[] shape) {
        return new Tensor(runtime.allocate(Shape.numel(shape)), device, shape, Shape.contiguousStrides(shape), 0);
    }

    /** x itself when contiguous from the start of its buffer (as the dense kernels read it), else a copy. */
    private Tensor dense(String op, Tensor x) {
        buf(op, x);
        return x.isContiguous() && x.offset() == 0 ? x : contiguous(x);
    }

    // ------------------------------------------------------------------ memory

    @Override
    public Storage allocate(int size) {
        return runtime.allocate(size);
    }

    @Override
    public Storage upload(float[] data) {
        return runtime.upload(data);
    }

    @Override
    public float[] download(Tensor t) {
        OpenClStorage s = buf("download", t);
        float[] out = new float[(int) t.numel()];
        if (t.isContiguous()) {
            runtime.read(s, t.offset(), out);
        } else {
            runtime.read(buf("download", contiguous(t)), 0, out);
        }
        return out;
    }

    @Override
    public Tensor contiguous(Tensor t) {
        int[] shape = t.shape();
        Tensor out = output(shape);
        copy(out, t, t.strides(), "contiguous");
        return out;
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        buf("copyInto", dst);
        int[] shape = dst.shape();
        copy(dst, src, Shape.broadcastStrides(src.shape(), src.strides(), shape), "copyInto");
    }

    /** dst[i] = src[i] over dst's shape, src read through {@code srcStrides}. */
    private void copy(Tensor dst, Tensor src, int[] srcStrides, String op) {
        int[] shape = dst.shape();
        Layout l = Layout.of(op, shape, dst.strides(), srcStrides);
        runtime.launch("strided_copy", Shape.numel(shape), buf(op, dst), dst.offset(), l.strides[0],
                buf(op, src), src.offset(), l.strides[1], l.shape, l.rank, Shape.numel(shape));
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public Tensor unary(UnaryOp op, Tensor x, float arg) {
        String name = op.name().toLowerCase();
        OpenClStorage in = buf(name, x);
        int[] shape = x.shape();
        Tensor out = output(shape);
        int n = Shape.numel(shape);
        Layout l = Layout.of(name, shape, x.strides());
        runtime.launch("unary_" + name, n, buf(name, out), in, x.offset(), l.shape, l.strides[0], l.rank, n, arg);
        return out;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        OpenClStorage sa = buf(name, a), sb = buf(name, b);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        Tensor out = output(shape);
        int n = Shape.numel(shape);
        Layout l = Layout.of(name, shape, Shape.broadcastStrides(a.shape(), a.strides(), shape),
                Shape.broadcastStrides(b.shape(), b.strides(), shape));
        runtime.launch("binary_" + name, n, buf(name, out), sa, a.offset(), l.strides[0], sb, b.offset(), l.strides[1],
                l.shape, l.rank, n);
        return out;
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int dim) {
        String name = op.name().toLowerCase();
        int[] shape = x.shape();
        int[] outShape = shape.clone();
        outShape[dim] = 1;
        Tensor in = dense(name, x);
        int n = shape[dim];
        if (n == 0) {
            if (op != ReduceOp.SUM) throw new IllegalArgumentException(name + "(): dim " + dim + " of shape " + Shape.str(shape) + " is empty");
            return zeros(outShape);
        }
        Tensor out = output(outShape);
        AlongDim along = AlongDim.of(shape, dim);
        int rows = along.outer() * along.inner();
        if (op == ReduceOp.SUM) {
            runtime.launch("reduce_sum", rows, buf(name, out), buf(name, in), along.outer(), n, along.inner());
        } else {
            runtime.launch("reduce_max", rows, buf(name, out), buf(name, in), along.outer(), n, along.inner(), op == ReduceOp.ARGMAX ? 1 : 0);
        }
        return out;
    }

    @Override
    public Tensor sumAll(Tensor x) {
        Tensor in = dense("sum", x);
        int n = (int) x.numel();
        if (n == 0) return zeros(new int[0]);
        Tensor out = output(new int[0]);
        // Two passes: chunks of SUM_CHUNK summed in parallel, then the partial sums.
        int chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
        OpenClStorage partial = runtime.allocate(chunks);
        runtime.launch("sum_chunks", chunks, partial, buf("sum", in), n, SUM_CHUNK);
        runtime.launch("sum_chunks", 1, buf("sum", out), partial, chunks, chunks);
        return out;
    }

    @Override
    public Tensor softmax(Tensor x, int dim, boolean log) {
        int[] shape = x.shape();
        Tensor in = dense("softmax", x);
        Tensor out = output(shape);
        AlongDim a = AlongDim.of(shape, dim);
        runtime.launch("softmax", a.outer() * a.inner(), buf("softmax", out), buf("softmax", in), a.outer(), a.size(), a.inner(), log ? 1 : 0);
        return out;
    }

    // ------------------------------------------------------------------ matrix products, convolution, pooling

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        OpenClStorage sa = buf("matmul", a), sb = buf("matmul", b);
        int[] as = a.shape(), bs = b.shape(), ast = a.strides(), bst = b.strides();
        int batch = Math.max(as[0], bs[0]), m = as[1], k = as[2], n = bs[2];
        Tensor out = output(new int[]{batch, m, n});
        if (batch == 0 || m == 0 || n == 0) return out;
        long[] global = {roundUp(n, TILE), roundUp(m, TILE) / WPT, batch};
        runtime.launch("matmul", global, new long[]{TILE, TILE / WPT, 1}, buf("matmul", out),
                sa, a.offset(), as[0] == 1 ? 0 : ast[0], ast[1], ast[2],
                sb, b.offset(), bs[0] == 1 ? 0 : bst[0], bst[1], bst[2], m, n, k);
        return out;
    }

    private static long roundUp(int v, int multiple) {
        return (long) ((v + multiple - 1) / multiple) * multiple;
    }

    @Override
    public Tensor im2col(Tensor x, Window2d g) {
        OpenClStorage in = buf("im2col", x);
        int[] st = x.strides();
        Tensor out = output(g.columnsShape());
        int total = (int) out.numel();
        runtime.launch("im2col", total, buf("im2col", out), in, x.offset(), new int[]{st[0], st[1], st[2], st[3]},
                g.channels(), g.h(), g.w(), g.kh(), g.kw(), g.stride(), g.padding(), g.outH(), g.outW(), total);
        return out;
    }

    @Override
    public Tensor col2im(Tensor cols, Window2d g) {
        Tensor in = dense("col2im", cols);
        Tensor out = output(g.imageShape());
        int total = (int) out.numel();
        runtime.launch("col2im", total, buf("col2im", out), buf("col2im", in),
                g.channels(), g.h(), g.w(), g.kh(), g.kw(), g.stride(), g.padding(), g.outH(), g.outW(), total);
        return out;
    }

    @Override
    public Pooled maxPool2d(Tensor x, Window2d g) {
        Tensor in = dense("maxPool2d", x);
        Tensor out = output(g.pooledShape());
        Tensor indices = output(g.pooledShape());
        int total = (int) out.numel();
        runtime.launch("max_pool", total, buf("maxPool2d", out), buf("maxPool2d", indices), buf("maxPool2d", in),
                g.h(), g.w(), g.kh(), g.stride(), g.outH(), g.outW(), total);
        return new Pooled(out, indices);
    }

    @Override
    public Tensor maxPool2dBackward(Tensor grad, Tensor indices, Window2d g) {
        Tensor gd = dense("maxPool2dBackward", grad), idx = dense("maxPool2dBackward", indices);
        Tensor out = zeros(g.imageShape());
        int total = (int) gd.numel();
        runtime.launch("max_pool_backward", total, buf("maxPool2dBackward", out), buf("maxPool2dBackward", gd),
                buf("maxPool2dBackward", idx), total);
        return out;
    }

    @Override
    public void binaryInPlace(BinaryOp op, Tensor target, Tensor b) {
        buf("binaryInPlace", target);
        Shape.broadcast(op.name().toLowerCase(), b.shape(), target.shape());
        if (!target.isContiguous()) throw new IllegalArgumentException(op.name().toLowerCase() + "_: the target must be contiguous");
        if (target.offset() != 0) {
            copyInto(target, binary(op, target, b));
            return;
        }
        // The binary kernel reads each element before it writes it, at the same index: safe in place.
        String name = op.name().toLowerCase();
        int[] shape = target.shape();
        int n = Shape.numel(shape);
        Layout l = Layout.of(name, shape, target.strides(), Shape.broadcastStrides(b.shape(), b.strides(), shape));
        runtime.launch("binary_" + name, n, buf(name, target), buf(name, target), 0, l.strides[0], buf(name, b), b.offset(), l.strides[1],
                l.shape, l.rank, n);
    }

    /** Buffers are freed when their storage is collected; nothing to do sooner. */
    @Override
    public void release(Tensor t) {
        buf("release", t);
    }

    // ------------------------------------------------------------------ batch norm, optimizers

    @Override
    public Tensor[] batchNormStats(Tensor x) {
        int[] s = x.shape();
        Tensor in = dense("batchNorm", x);
        Tensor mean = output(new int[]{s[1]}), var = output(new int[]{s[1]});
        runtime.launch("bn_stats", s[1], buf("batchNorm", mean), buf("batchNorm", var), buf("batchNorm", in), s[0], s[1], s[2]);
        return new Tensor[]{mean, var};
    }

    @Override
    public Tensor batchNormForward(Tensor x, Tensor mean, Tensor invStd, Tensor weight, Tensor bias) {
        int[] s = x.shape();
        Tensor in = dense("batchNorm", x), m = dense("batchNorm", mean), is = dense("batchNorm", invStd);
        Tensor w = weight == null ? m : dense("batchNorm", weight), b = bias == null ? m : dense("batchNorm", bias);
        Tensor y = output(s);
        int total = Shape.numel(s);
        runtime.launch("bn_forward", total, buf("batchNorm", y), buf("batchNorm", in), buf("batchNorm", m), buf("batchNorm", is),
                buf("batchNorm", w), weight == null ? 0 : 1, buf("batchNorm", b), bias == null ? 0 : 1, s[1], s[2], total);
        return y;
    }

    @Override
    public Tensor[] batchNormBackward(Tensor g, Tensor x, Tensor mean, Tensor invStd, Tensor weight, boolean training) {
        String op = "batchNormBackward";
        int[] s = x.shape();
        Tensor gd = dense(op, g), in = dense(op, x), m = dense(op, mean), is = dense(op, invStd);
        Tensor w = weight == null ? m : dense(op, weight);
        Tensor sumG = output(new int[]{s[1]}), sumGxHat = output(new int[]{s[1]}), gx = output(s);
        runtime.launch("bn_backward_sums", s[1], buf(op, sumG), buf(op, sumGxHat), buf(op, gd), buf(op, in), buf(op, m), buf(op, is),
                s[0], s[1], s[2]);
        int total = Shape.numel(s);
        runtime.launch("bn_backward_dx", total, buf(op, gx), buf(op, gd), buf(op, in), buf(op, m), buf(op, is), buf(op, w),
                weight == null ? 0 : 1, buf(op, sumG), buf(op, sumGxHat), training ? 1 : 0, s[1], s[2], s[0] * s[2], total);
        return new Tensor[]{gx, sumG, sumGxHat};
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor buf, float lr, float momentum, float weightDecay, boolean first) {
        Tensor p = param.isContiguous() ? param : contiguous(param);
        Tensor g = dense("sgdStep", grad), b = buf == null ? g : state("sgdStep", buf);
        runtime.launch("sgd_step", (int) p.numel(), buf("sgdStep", p), p.offset(), buf("sgdStep", g), buf("sgdStep", b),
                buf == null ? 0 : 1, lr, momentum, weightDecay, first ? 1 : 0, (int) p.numel());
        if (p != param) copyInto(param, p);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float beta1, float beta2, float eps, float weightDecay,
                         float stepSize, float sqrtCorrection2) {
        Tensor p = param.isContiguous() ? param : contiguous(param);
        Tensor g = dense("adamStep", grad);
        runtime.launch("adam_step", (int) p.numel(), buf("adamStep", p), p.offset(), buf("adamStep", g),
                buf("adamStep", state("adamStep", m)), buf("adamStep", state("adamStep", v)),
                beta1, beta2, eps, weightDecay, stepSize, sqrtCorrection2, (int) p.numel());
        if (p != param) copyInto(param, p);
    }

    /** An optimizer's own state, which it keeps dense from the start of its buffer. */
    private Tensor state(String op, Tensor t) {
        buf(op, t);
        if (!t.isContiguous() || t.offset() != 0) {
            throw new IllegalArgumentException(op + ": optimizer state must be a dense tensor, got a view of shape " + Shape.str(t.shape()));
        }
        return t;
    }

    // ------------------------------------------------------------------ indexing, selection and top-k

    @Override
    public Tensor gather(Tensor x, int dim, Tensor index) {
        OpenClStorage sx = buf("gather", x), si = buf("gather", index);
        int[] shape = index.shape(), xs = x.strides();
        int dimStride = xs[dim];
        xs[dim] = 0; // the index value, not the position, says where along dim to read
        Tensor out = output(shape);
        int n = Shape.numel(shape);
        Layout l = Layout.of("gather", shape, index.strides(), xs);
        runtime.launch("gather_along", n, buf("gather", out), sx, x.offset(), l.strides[1], dimStride,
                si, index.offset(), l.strides[0], l.shape, l.rank, n);
        return out;
    }

    @Override
    public Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor src) {
        return scatterColumns("scatterAdd", () -> zeros(shape), dim, index, src, true);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        OpenClStorage sc = buf("where", cond), sa = buf("where", a), sb = buf("where", b);
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        Tensor out = output(shape);
        int n = Shape.numel(shape);
        Layout l = Layout.of("where", shape, Shape.broadcastStrides(cond.shape(), cond.strides(), shape),
                Shape.broadcastStrides(a.shape(), a.strides(), shape), Shape.broadcastStrides(b.shape(), b.strides(), shape));
        runtime.launch("where_select", n, buf("where", out), sc, cond.offset(), l.strides[0], sa, a.offset(), l.strides[1],
                sb, b.offset(), l.strides[2], l.shape, l.rank, n);
        return out;
    }

    @Override
    public Tensor[] topk(Tensor x, int dim, int k) {
        Tensor in = dense("topk", x);
        int[] shape = x.shape();
        AlongDim a = AlongDim.of(shape, dim);
        shape[dim] = k;
        Tensor values = output(shape), indices = output(shape);
        runtime.launch("topk_select", a.outer() * a.inner(), buf("topk", values), buf("topk", indices), buf("topk", in),
                a.outer(), a.size(), a.inner(), k);
        return new Tensor[]{values, indices};
    }

    @Override
    public String toString() {
        return "OpenClBackend[" + device + "]";
    }

    // ------------------------------------------------------------------ sequence layers: layer norm, AdamW

    @Override
    public Tensor[] layerNormForward(Tensor x, Tensor weight, Tensor bias, float eps) {
        String op = "layerNorm";
        int m = x.shape()[0], n = x.shape()[1];
        Tensor in = dense(op, x);
        Tensor w = weight == null ? in : dense(op, weight), b = bias == null ? in : dense(op, bias);
        Tensor mean = output(new int[]{m}), rstd = output(new int[]{m}), y = output(new int[]{m, n});
        if (m > 0) {
            runtime.launch("layer_norm_forward", m, buf(op, mean), buf(op, rstd), buf(op, y), buf(op, in),
                    buf(op, w), weight == null ? 0 : 1, buf(op, b), bias == null ? 0 : 1, eps, m, n);
        }
        return new Tensor[]{mean, rstd, y};
    }

    @Override
    public Tensor[] layerNormBackward(Tensor g, Tensor x, Tensor mean, Tensor rstd, Tensor weight) {
        String op = "layerNormBackward";
        int m = x.shape()[0], n = x.shape()[1];
        Tensor gd = dense(op, g), in = dense(op, x), md = dense(op, mean), rd = dense(op, rstd);
        Tensor w = weight == null ? md : dense(op, weight);
        Tensor gx = output(new int[]{m, n}), gw = zeros(new int[]{n}), gb = zeros(new int[]{n});
        if (m > 0) {
            runtime.launch("layer_norm_backward_input", m, buf(op, gx), buf(op, gd), buf(op, in), buf(op, md), buf(op, rd),
                    buf(op, w), weight == null ? 0 : 1, m, n);
            runtime.launch("layer_norm_backward_params", n, buf(op, gw), buf(op, gb), buf(op, gd), buf(op, in), buf(op, md),
                    buf(op, rd), m, n);
        }
        return new Tensor[]{gx, gw, gb};
    }

    @Override
    public void adamWStep(Tensor param, Tensor grad, Tensor m, Tensor v, float beta1, float beta2, float eps, float decay,
                          float stepSize, float sqrtCorrection2) {
        String op = "adamWStep";
        Tensor p = param.isContiguous() ? param : contiguous(param);
        Tensor g = dense(op, grad);
        runtime.launch("adamw_step", (int) p.numel(), buf(op, p), p.offset(), buf(op, g), buf(op, state(op, m)),
                buf(op, state(op, v)), beta1, beta2, eps, decay, stepSize, sqrtCorrection2, (int) p.numel());
        if (p != param) copyInto(param, p);
    }

    // ------------------------------------------------------------------ order statistics: kthvalue, median, quantile

    @Override
    public Tensor[] kthSmallest(Tensor x, int dim, int k) {
        Tensor in = dense("kthSmallest", x);
        int[] shape = x.shape();
        AlongDim a = AlongDim.of(shape, dim);
        shape[dim] = 1;
        Tensor values = output(shape), indices = output(shape);
        runtime.launch("kth_smallest", (int) x.numel(), buf("kthSmallest", values), buf("kthSmallest", indices),
                buf("kthSmallest", in), a.outer(), a.size(), a.inner(), k);
        return new Tensor[]{values, indices};
    }

    // ------------------------------------------------------------------ scatter: scatter and indexPut

    @Override
    public Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
        return scatterColumns("scatter", () -> contiguous(x), dim, index, src, false);
    }

    /**
     * scatter.cl's scatter_columns into {@code target} (a fresh contiguous tensor, made once the
     * operands are checked): src written, or added where {@code accumulate}, at the positions
     * index gives along dim; one work-item per column of the index.
     */
    private Tensor scatterColumns(String op, java.util.function.Supplier<Tensor> target, int dim, Tensor index, Tensor src,
                                  boolean accumulate) {
        OpenClStorage si = buf(op, index), ss = buf(op, src);
        Tensor out = target.get();
        int[] columns = index.shape();
        int length = columns[dim];
        columns[dim] = 1;
        int[] os = Shape.contiguousStrides(out.shape()), is = index.strides(), srcStrides = src.strides();
        int n = Shape.numel(columns);
        if (n == 0 || length == 0) return out;
        Layout l = Layout.of(op, columns, os, is, srcStrides);
        runtime.launch("scatter_columns", n, buf(op, out), l.strides[0], os[dim], si, index.offset(), l.strides[1], is[dim],
                ss, src.offset(), l.strides[2], srcStrides[dim], l.shape, l.rank, length, n, accumulate ? 1 : 0);
        return out;
    }
}

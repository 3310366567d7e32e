package dev.hookbook.tensor;

import dev.hookbook.autograd.Backprop;
import dev.hookbook.autograd.GradHooks;
import dev.hookbook.autograd.Graph;
import dev.hookbook.autograd.Node;
import dev.hookbook.autograd.TensorInternals;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.ops.Arithmetic;
import dev.hookbook.ops.Comparisons;
import dev.hookbook.ops.InPlace;
import dev.hookbook.ops.Indexing;
import dev.hookbook.ops.Joining;
import dev.hookbook.ops.LinearAlgebra;
import dev.hookbook.ops.Pointwise;
import dev.hookbook.ops.Quantiles;
import dev.hookbook.ops.Reductions;
import dev.hookbook.ops.Sampling;
import dev.hookbook.ops.Scattering;
import dev.hookbook.ops.Selection;
import dev.hookbook.ops.Views;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array of float32 values that can record how it was computed, so that
 * {@link #backward()} can compute gradients, as a PyTorch tensor.
 *
 * <p>A tensor is a view: a shape and strides onto a flat {@link Storage}. {@link #view},
 * {@link #reshape} of contiguous data, {@link #transpose} and {@link #permute} share storage
 * with their input, as in PyTorch. Ops broadcast their operands as NumPy does.
 */
public class Tensor implements Renderable {
    // Not final only for setData (the Java form of PyTorch's `t.data = ...`), which Module.to uses.
    private Storage storage;
    private Device device;
    private final int[] shape;
    private int[] strides;
    private int offset;

    // Autograd state. A leaf that requires grad collects gradients in `grad`; a non-leaf
    // remembers the node that made it (gradFn) and which of that node's outputs it is. Only
    // autograd sets gradFn, outputNr and gradAccumulator, through the internals below.
    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private int outputNr;
    private Node gradAccumulator;
    // The storage's version when this tensor got its history: older than the storage's last
    // history change means an in-place op through another view rewrote what this one shows.
    private int historyAt;

    static {
        Graph.useTensorInternals(new TensorInternals() {
            @Override
            public void setHistory(Tensor t, Node node, int nr) {
                t.gradFn = node;
                t.outputNr = nr;
                t.requiresGrad = true;
                t.historyAt = t.storage.version();
            }

            @Override
            public boolean historyOutdated(Tensor t) {
                return t.gradFn != null && t.historyAt < t.storage.historyChangedAt();
            }

            @Override
            public int outputNr(Tensor t) {
                return t.outputNr;
            }

            @Override
            public Node accumulator(Tensor t) {
                return t.gradAccumulator;
            }

            @Override
            public void setAccumulator(Tensor t, Node accumulator) {
                t.gradAccumulator = accumulator;
            }
        });
    }

    /** A view of {@code storage}; ops and backends make tensors through this. */
    public Tensor(Storage storage, Device device, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.device = device;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.historyAt = storage.version();
    }

    /** A new handle on the same values (no history), for subclasses such as {@code Parameter}. */
    protected Tensor(Tensor data) {
        this(data.storage, data.device, data.shape, data.strides, data.offset);
    }

    // ---------------------------------------------------------------- creation

    /** A tensor holding a copy of {@code data}, read row-major into {@code shape}. */
    public static Tensor of(float[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor.of: shape " + Shape.str(shape) + " needs " + n
                    + " values, got " + data.length);
        }
        return fromArray(data.clone(), shape, Device.CPU);
    }

    /** A 0-dim tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return fromArray(new float[]{value}, new int[0], Device.CPU);
    }

    public static Tensor zeros(int... shape) {
        return full(0f, shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] data = new float[Shape.numel(shape)];
        if (value != 0f) java.util.Arrays.fill(data, value);
        return fromArray(data, shape.clone(), Device.CPU);
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) data[i] = i;
        return fromArray(data, new int[]{n}, Device.CPU);
    }

    /** Standard normal values from the global generator ({@code Hookbook.manualSeed}). */
    public static Tensor randn(int... shape) {
        float[] data = new float[Shape.numel(shape)];
        Random r = Generator.global();
        synchronized (r) {
            for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
        }
        return fromArray(data, shape.clone(), Device.CPU);
    }

    /** Uniform values in [0, 1) from the global generator. */
    public static Tensor rand(int... shape) {
        float[] data = new float[Shape.numel(shape)];
        Random r = Generator.global();
        synchronized (r) {
            for (int i = 0; i < data.length; i++) data[i] = r.nextFloat();
        }
        return fromArray(data, shape.clone(), Device.CPU);
    }

    /** Wraps {@code data} without copying it. */
    public static Tensor fromArray(float[] data, int[] shape, Device device) {
        Storage s = device.backend().upload(data);
        return new Tensor(s, device, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A contiguous zero tensor of {@code shape} on {@code device}. */
    public static Tensor empty(int[] shape, Device device) {
        return new Tensor(device.backend().allocate(Shape.numel(shape)), device, shape, Shape.contiguousStrides(shape), 0);
    }

    // ---------------------------------------------------------------- reading

    /** The sizes of the dims (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dim {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shape.dim("size", d, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public long numel() {
        return Shape.numel(shape);
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item(): expected a tensor with one element, got shape " + Shape.str(shape)
                    + " (" + numel() + " elements)");
        }
        return toFloatArray()[0];
    }

    /** The values, row-major, as a new array. */
    public float[] toFloatArray() {
        return device.backend().download(this);
    }

    public Device device() {
        return device;
    }

    /** Copies this tensor to {@code target} (this tensor itself when it is there already). */
    public Tensor to(Device target) {
        if (target == device) return this;
        Tensor moved = fromArray(toFloatArray(), shape.clone(), target);
        Device from = device; // the rule keeps the device, not this tensor
        return Graph.record("ToCopy", moved, g -> new Tensor[]{g.to(from)}, this);
    }

    // For backends and views: the layout of this tensor over its storage.
    public Storage storage() {
        return storage;
    }

    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    /** Whether the elements lie row-major and without gaps in storage. */
    public boolean isContiguous() {
        for (int d : shape) if (d == 0) return true; // no elements, nothing to read out of order: contiguous, as in PyTorch
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    // ---------------------------------------------------------------- element-wise ops

    public Tensor add(Tensor other) { return Arithmetic.add(this, other); }
    public Tensor sub(Tensor other) { return Arithmetic.sub(this, other); }
    public Tensor mul(Tensor other) { return Arithmetic.mul(this, other); }
    public Tensor div(Tensor other) { return Arithmetic.div(this, other); }
    public Tensor add(float s) { return Arithmetic.add(this, constant(s)); }
    public Tensor sub(float s) { return Arithmetic.sub(this, constant(s)); }
    public Tensor mul(float s) { return Arithmetic.mul(this, constant(s)); }
    public Tensor div(float s) { return Arithmetic.div(this, constant(s)); }
    /** 1 where equal, 0 elsewhere (broadcast; not differentiable). */
    // In place and into a given tensor: a loop reuses one buffer instead of a fresh one per call
    // (see InPlace for what autograd allows). Each returns the tensor written.

    /** {@code this += other} (broadcast to this tensor's shape), in place: PyTorch's {@code add_}. */
    public Tensor addInPlace(Tensor other) { return InPlace.binary(BinaryOp.ADD, this, other); }
    /** {@code this -= other} in place: PyTorch's {@code sub_}. */
    public Tensor subInPlace(Tensor other) { return InPlace.binary(BinaryOp.SUB, this, other); }
    /** {@code this *= other} in place: PyTorch's {@code mul_}. */
    public Tensor mulInPlace(Tensor other) { return InPlace.binary(BinaryOp.MUL, this, other); }
    /** {@code this /= other} in place: PyTorch's {@code div_}. */
    public Tensor divInPlace(Tensor other) { return InPlace.binary(BinaryOp.DIV, this, other); }
    public Tensor addInPlace(float s) { return InPlace.binary(BinaryOp.ADD, this, constant(s)); }
    public Tensor subInPlace(float s) { return InPlace.binary(BinaryOp.SUB, this, constant(s)); }
    public Tensor mulInPlace(float s) { return InPlace.binary(BinaryOp.MUL, this, constant(s)); }
    public Tensor divInPlace(float s) { return InPlace.binary(BinaryOp.DIV, this, constant(s)); }
    /** {@code max(this, 0)} in place: PyTorch's {@code relu_}. */
    public Tensor reluInPlace() { return InPlace.unary(UnaryOp.RELU, this); }
    /** {@code exp(this)} in place: PyTorch's {@code exp_}. */
    public Tensor expInPlace() { return InPlace.unary(UnaryOp.EXP, this); }
    /** {@code tanh(this)} in place: PyTorch's {@code tanh_}. */
    public Tensor tanhInPlace() { return InPlace.unary(UnaryOp.TANH, this); }
    /** {@code sigmoid(this)} in place: PyTorch's {@code sigmoid_}. */
    public Tensor sigmoidInPlace() { return InPlace.unary(UnaryOp.SIGMOID, this); }
    /** {@code -this} in place: PyTorch's {@code neg_}. */
    public Tensor negInPlace() { return InPlace.unary(UnaryOp.NEG, this); }
    /** Clamped to [min, max] in place: PyTorch's {@code clamp_}. */
    public Tensor clampInPlace(float min, float max) { return InPlace.clamp(this, min, max); }
    /** Every element set to {@code value}: PyTorch's {@code fill_}. */
    public Tensor fillInPlace(float value) { return InPlace.fill(this, value); }
    /** Every element set to 0: PyTorch's {@code zero_}. */
    public Tensor zeroInPlace() { return InPlace.fill(this, 0f); }
    /** {@code this + other} written into {@code out} (the result's shape): PyTorch's {@code torch.add(x, y, out=out)}. */
    public Tensor addInto(Tensor other, Tensor out) { return InPlace.binaryInto(BinaryOp.ADD, this, other, out); }
    /** {@code this - other} written into {@code out}: PyTorch's {@code torch.sub(x, y, out=out)}. */
    public Tensor subInto(Tensor other, Tensor out) { return InPlace.binaryInto(BinaryOp.SUB, this, other, out); }
    /** {@code this * other} written into {@code out}: PyTorch's {@code torch.mul(x, y, out=out)}. */
    public Tensor mulInto(Tensor other, Tensor out) { return InPlace.binaryInto(BinaryOp.MUL, this, other, out); }
    /** {@code this / other} written into {@code out}: PyTorch's {@code torch.div(x, y, out=out)}. */
    public Tensor divInto(Tensor other, Tensor out) { return InPlace.binaryInto(BinaryOp.DIV, this, other, out); }

    public Tensor eq(Tensor other) { return Arithmetic.eq(this, other); }
    /** 1 where greater, 0 elsewhere (broadcast; not differentiable). */
    public Tensor gt(Tensor other) { return Arithmetic.gt(this, other); }

    public Tensor neg() { return Pointwise.neg(this); }
    public Tensor pow(float exponent) { return Pointwise.pow(this, exponent); }
    public Tensor exp() { return Pointwise.exp(this); }
    public Tensor log() { return Pointwise.log(this); }
    public Tensor sqrt() { return Pointwise.sqrt(this); }
    public Tensor abs() { return Pointwise.abs(this); }
    public Tensor tanh() { return Pointwise.tanh(this); }
    public Tensor sigmoid() { return Pointwise.sigmoid(this); }
    public Tensor relu() { return Pointwise.relu(this); }

    /** A 0-dim tensor of {@code value} on this tensor's device. */
    public Tensor constant(float value) {
        return fromArray(new float[]{value}, new int[0], device);
    }

    // ---------------------------------------------------------------- linear algebra, reductions

    /** Matrix product: 2-D, or batched over leading dims (broadcast), 1-D operands as in PyTorch. */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }

    /** The sum of all elements, as a 0-dim tensor. */
    public Tensor sum() { return Reductions.sumAll(this); }
    public Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, dim, keepDim); }
    public Tensor mean() { return Reductions.meanAll(this); }
    public Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, dim, keepDim); }
    /** The largest values along {@code dim} (the dim is removed). */
    public Tensor max(int dim) { return Reductions.max(this, dim, false); }
    public Tensor max(int dim, boolean keepDim) { return Reductions.max(this, dim, keepDim); }
    /** The index of the largest value along {@code dim}, as floats (the dim is removed). */
    public Tensor argmax(int dim) { return Reductions.argmax(this, dim, false); }
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim, false); }
    public Tensor logSoftmax(int dim) { return Reductions.softmax(this, dim, true); }

    // ---------------------------------------------------------------- views and shapes

    /** The same values in a new shape, sharing storage; one size may be -1. Needs contiguous data. */
    public Tensor view(int... shape) { return Views.view(this, shape); }
    /** Like {@link #view}, but copies when the data is not contiguous. */
    public Tensor reshape(int... shape) { return Views.reshape(this, shape); }
    /** Merges dims {@code start..} into one. */
    public Tensor flatten(int start) { return Views.flatten(this, start); }
    public Tensor flatten() { return Views.flatten(this, 0); }
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
    public Tensor permute(int... dims) { return Views.permute(this, dims); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    /** A broadcast view: size-1 dims repeat (stride 0) to reach {@code shape}. */
    public Tensor expand(int... shape) { return Views.expand(this, shape); }
    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() { return Views.contiguous(this); }
    /** The same as {@link #clone()}: a contiguous copy that keeps the gradient path. */
    public Tensor copy() { return Views.copy(this); }

    // ---------------------------------------------------------------- sequence ops: joining, indexing, sampling

    /** The tensors one after the other along {@code dim} (they agree in every other dim). */
    public static Tensor cat(int dim, Tensor... ts) { return Joining.cat(dim, ts); }
    /** The tensors, all of one shape, stacked along a new dim {@code dim}. */
    public static Tensor stack(int dim, Tensor... ts) { return Joining.stack(dim, ts); }
    /** Views of {@code size} elements along {@code dim} each (the last one may be smaller). */
    public List<Tensor> split(int size, int dim) { return Joining.split(this, size, dim); }
    /** At most {@code n} views of equal size along {@code dim} (the last one may be smaller). */
    public List<Tensor> chunk(int n, int dim) { return Joining.chunk(this, n, dim); }
    /** A view of elements {@code start .. start + length - 1} of dim {@code dim}. */
    public Tensor narrow(int dim, int start, int length) { return Joining.narrow(this, dim, start, length); }

    /** The slices along {@code dim} at the positions of the 1-D {@code index} (integral floats). */
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
    /** {@code out[p] = this[p with p[dim] = index[p]]}, shaped as index, as {@code torch.gather}. */
    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    /** This tensor with {@code value} wherever {@code mask} (broadcast) is non-zero. */
    public Tensor maskedFill(Tensor mask, float value) { return Indexing.maskedFill(this, mask, value); }
    /** {@code cond != 0 ? a : b} element-wise, broadcast. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Indexing.where(cond, a, b); }
    /** The n x n matrix of ones on and below the diagonal, zeros above: {@code torch.tril(torch.ones(n, n))}. */
    public static Tensor tril(int n) { return Indexing.tril(n); }
    /** The n x n matrix of ones on and above the diagonal: {@code torch.triu(torch.ones(n, n))}. */
    public static Tensor triu(int n) { return Indexing.triu(n); }
    /** This matrix (or batch of them, last two dims) with the elements above the diagonal zeroed, as {@code torch.tril(x)}. */
    public Tensor tril() { return Indexing.triangular(this, true); }
    /** This matrix (or batch of them) with the elements below the diagonal zeroed, as {@code torch.triu(x)}. */
    public Tensor triu() { return Indexing.triangular(this, false); }

    /** The unbiased variance along {@code dim} (divided by n - 1, PyTorch's default). */
    public Tensor var(int dim, boolean keepDim) { return Reductions.var(this, dim, keepDim); }
    /** The unbiased standard deviation along {@code dim}. */
    public Tensor std(int dim, boolean keepDim) { return Reductions.std(this, dim, keepDim); }
    /** The error function, element-wise. */
    public Tensor erf() { return Pointwise.erf(this); }
    /** GELU, exact: {@code x / 2 (1 + erf(x / sqrt 2))}. */
    public Tensor gelu() { return Pointwise.gelu(this); }
    /** Each element limited to [min, max]. */
    public Tensor clamp(float min, float max) { return Pointwise.clamp(this, min, max); }
    /** The larger of this and {@code other} element-wise (broadcast); ties split the gradient. */
    public Tensor maximum(Tensor other) { return Pointwise.maximum(this, other); }

    /** Category indices drawn from rows of probabilities without replacement (global generator). */
    public Tensor multinomial(int numSamples) { return Sampling.multinomial(this, numSamples); }
    /** The {@code k} largest values along {@code dim}, largest first (differentiable). */
    public Tensor topk(int k, int dim) { return Sampling.topk(this, k, dim); }
    /** The positions of the {@code k} largest values along {@code dim}, as floats, largest first. */
    public Tensor topkIndices(int k, int dim) { return Sampling.topkIndices(this, k, dim); }
    /** start, start + 1, ..., end - 1. */
    public static Tensor arange(int start, int end) { return Sampling.arange(start, end); }
    /** Integers drawn uniformly from [low, high), as floats, from the global generator. */
    public static Tensor randint(int low, int high, int... shape) { return Sampling.randint(low, high, shape); }

    // ---------------------------------------------------------------- comparisons, selection, order statistics
    // Comparisons give 0/1 float tensors (no bool dtype) without gradient, as eq and gt above.

    /** 1 where equal to {@code s}, 0 elsewhere, as {@code x == s} / {@code torch.eq} (not differentiable). */
    public Tensor eq(float s) { return Arithmetic.eq(this, constant(s)); }
    /** 1 where not equal to {@code s} (NaN included), as {@code x != s} / {@code torch.ne}. */
    public Tensor ne(float s) { return Comparisons.ne(this, constant(s)); }
    /** 1 where greater than {@code s}, as {@code x > s} / {@code torch.gt}. */
    public Tensor gt(float s) { return Arithmetic.gt(this, constant(s)); }
    /** 1 where greater than or equal to {@code s}, as {@code x >= s} / {@code torch.ge}. */
    public Tensor ge(float s) { return Comparisons.ge(this, constant(s)); }
    /** 1 where less than {@code s}, as {@code x < s} / {@code torch.lt}. */
    public Tensor lt(float s) { return Comparisons.lt(this, constant(s)); }
    /** 1 where less than or equal to {@code s}, as {@code x <= s} / {@code torch.le}. */
    public Tensor le(float s) { return Comparisons.le(this, constant(s)); }
    /** 1 where not equal (broadcast; NaN included), as {@code torch.ne}. */
    public Tensor ne(Tensor other) { return Comparisons.ne(this, other); }
    /** 1 where greater or equal (broadcast), as {@code torch.ge}. */
    public Tensor ge(Tensor other) { return Comparisons.ge(this, other); }
    /** 1 where less (broadcast), as {@code torch.lt}. */
    public Tensor lt(Tensor other) { return Comparisons.lt(this, other); }
    /** 1 where less or equal (broadcast), as {@code torch.le}. */
    public Tensor le(Tensor other) { return Comparisons.le(this, other); }

    /** The largest element, 0-dim, as {@code torch.max(x)}; elements equal to it share its gradient evenly. */
    public Tensor max() { return Selection.maxAll(this); }
    /** The smallest element, 0-dim, as {@code torch.min(x)}; elements equal to it share its gradient evenly. */
    public Tensor min() { return Selection.minAll(this); }
    /** The smallest values along {@code dim} (the dim is removed), as {@code torch.min(x, dim).values}. */
    public Tensor min(int dim) { return Selection.minWithIndices(this, dim, false).values(); }
    /** The smallest values along {@code dim}, the dim kept with size 1 if {@code keepDim}. */
    public Tensor min(int dim, boolean keepDim) { return Selection.minWithIndices(this, dim, keepDim).values(); }
    /** The largest values along {@code dim} and where each is (first occurrence), as {@code torch.max(x, dim, keepdim)}. */
    public ValuesAndIndices maxWithIndices(int dim, boolean keepDim) { return Selection.maxWithIndices(this, dim, keepDim); }
    /** The smallest values along {@code dim} and where each is (first occurrence), as {@code torch.min(x, dim, keepdim)}. */
    public ValuesAndIndices minWithIndices(int dim, boolean keepDim) { return Selection.minWithIndices(this, dim, keepDim); }
    /** The index of the smallest value along {@code dim} (first occurrence), as floats, as {@code torch.argmin}. */
    public Tensor argmin(int dim) { return Selection.argmin(this, dim, false); }
    /** As {@link #argmin(int)}, the dim kept with size 1 if {@code keepDim}. */
    public Tensor argmin(int dim, boolean keepDim) { return Selection.argmin(this, dim, keepDim); }
    /** The {@code k}-th smallest values along {@code dim} (k from 1), as {@code torch.kthvalue(x, k, dim).values}. */
    public Tensor kthvalue(int k, int dim) { return kthvalue(k, dim, false); }
    /** As {@link #kthvalue(int, int)}, keeping {@code dim} with size 1 if {@code keepDim}. */
    public Tensor kthvalue(int k, int dim, boolean keepDim) { return Selection.kthvalue(this, k, dim, keepDim).values(); }
    /** The {@code k}-th smallest values along the last dim, as {@code torch.kthvalue(x, k).values}. */
    public Tensor kthvalue(int k) { return kthvalue(k, -1, false); }
    /** The {@code k}-th smallest values along {@code dim} and their indices, as {@code torch.kthvalue(x, k, dim, keepdim)}. */
    public ValuesAndIndices kthvalueWithIndices(int k, int dim, boolean keepDim) { return Selection.kthvalue(this, k, dim, keepDim); }
    /** The lower median of all elements, 0-dim, as {@code torch.median(x)}; elements equal to it share its gradient. */
    public Tensor median() { return Selection.medianAll(this); }
    /** The lower medians along {@code dim}, as {@code torch.median(x, dim, keepdim).values}. */
    public Tensor median(int dim, boolean keepDim) { return Selection.median(this, dim, keepDim).values(); }
    /** The lower medians along {@code dim} and their indices (a line with NaN: NaN and its first NaN), as {@code torch.median(x, dim, keepdim)}. */
    public ValuesAndIndices medianWithIndices(int dim, boolean keepDim) { return Selection.median(this, dim, keepDim); }
    /** The q-quantile (q in [0, 1], linear interpolation) of all elements, 0-dim, as {@code torch.quantile(x, q)}. */
    public Tensor quantile(float q) { return Quantiles.quantileAll(this, q); }
    /** The q-quantile along {@code dim}, as {@code torch.quantile(x, q, dim, keepdim)}. */
    public Tensor quantile(float q, int dim, boolean keepDim) { return Quantiles.quantile(this, q, dim, keepDim); }
    /** The {@code q}-quantiles along {@code dim}, dim removed, as {@code torch.quantile(x, q, dim)}. */
    public Tensor quantile(float q, int dim) { return quantile(q, dim, false); }
    /** The quantiles of all elements for each value of the 0-dim or 1-D {@code q}, as {@code torch.quantile(x, q)}. */
    public Tensor quantile(Tensor q) { return Quantiles.quantileAll(this, q); }
    /** The quantiles along {@code dim} for each value of {@code q} (a 1-D q adds a first dim), as {@code torch.quantile(x, q, dim, keepdim)}. */
    public Tensor quantile(Tensor q, int dim, boolean keepDim) { return Quantiles.quantile(this, q, dim, keepDim); }

    // ---------------------------------------------------------------- writing at indices: scatter, indexPut, clone

    /**
     * A copy with {@code src[p]} written at {@code p with p[dim] = index[p]} for every position
     * of index, as {@code torch.scatter(self, dim, index, src)} (out of place). index holds
     * integers as floats; the later of two values for one element stays.
     */
    public Tensor scatter(int dim, Tensor index, Tensor src) { return Scattering.scatter(this, dim, index, src); }
    /** A copy with {@code value} at the positions index names along dim, as {@code torch.scatter(self, dim, index, value)}. */
    public Tensor scatter(int dim, Tensor index, float value) { return Scattering.scatter(this, dim, index, value); }
    /** A copy with {@code src[p]} added at {@code p with p[dim] = index[p]}, as {@code torch.scatter_add(self, dim, index, src)}. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Scattering.scatterAdd(this, dim, index, src); }
    /**
     * A copy with {@code values} written at {@code indices} (one integer index tensor per
     * leading dim, broadcast together), as {@code torch.index_put(self, indices, values,
     * accumulate)}: Python's {@code x[i, j] = v}, or {@code x[i, j] += v} with accumulate.
     */
    public Tensor indexPut(Tensor[] indices, Tensor values, boolean accumulate) {
        return Scattering.indexPut(this, indices, values, accumulate);
    }
    /** As {@link #indexPut(Tensor[], Tensor, boolean)} without accumulating: Python's {@code x[i, j] = v}. */
    public Tensor indexPut(Tensor[] indices, Tensor values) { return Scattering.indexPut(this, indices, values, false); }
    /** A copy with {@code values} where {@code mask} (the shape of leading dims) is non-zero: Python's {@code x[mask] = v}. */
    public Tensor indexPut(Tensor mask, Tensor values) { return Scattering.indexPut(this, mask, values); }
    /**
     * A contiguous copy of this tensor with its own storage, whose gradient flows back to this
     * tensor, as {@code torch.clone}. ({@link #copy()} is the same op.)
     */
    @Override
    public Tensor clone() { return Views.copy(this); }

    // ---------------------------------------------------------------- autograd

    /** Makes this leaf collect gradients (or stop). Returns this tensor. */
    public Tensor requiresGrad(boolean requires) {
        if (gradFn != null && !requires) {
            throw new IllegalStateException("requiresGrad(false): this tensor was computed by " + gradFn.name()
                    + "; only leaves can change it (use detach())");
        }
        this.requiresGrad = requires;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this tensor was made by the user rather than by an op that records history. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient: null until a backward reaches this tensor. */
    public Tensor grad() {
        return grad;
    }

    /** Sets (or with null clears) the gradient, as optimizers' zeroGrad do. */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + Shape.str(g.shape)
                    + " for a tensor of shape " + Shape.str(shape));
        }
        this.grad = g;
    }

    /** The name of the backward node that made this tensor, such as {@code "MulBackward"}; null for leaves. */
    public String gradFn() {
        return gradFn == null ? null : gradFn.name();
    }

    /** The backward node that made this tensor, PyTorch's {@code grad_fn}: its name and the nodes it leads to; null for leaves. */
    public Node gradFnNode() {
        return gradFn;
    }

    /** Backpropagates from this one-element tensor: gradients accumulate into the leaves' {@link #grad()}. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward(): grad can be implicitly created only for a tensor with one element; "
                    + "got shape " + Shape.str(shape) + ". Pass a gradient: backward(Tensor gradient)");
        }
        Backprop.run(this, Tensor.full(1f, shape.clone()).to(device), false);
    }

    /** Backpropagates {@code gradient} (shaped like this tensor) from this tensor. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** As {@link #backward(Tensor)}; {@code retainGraph} keeps the graph for another backward. */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!java.util.Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward(gradient): expected a gradient of shape " + Shape.str(shape)
                    + ", got " + Shape.str(gradient.shape));
        }
        Backprop.run(this, gradient, retainGraph);
    }

    /**
     * As {@link #backward(Tensor, boolean)}; with {@code createGraph} the backward rules record,
     * so the gradients (the leaves' {@link #grad()} included) have a history and can be
     * differentiated again, as PyTorch's {@code backward(gradient, retain_graph, create_graph=True)}.
     * PyTorch passes {@code retain_graph = create_graph} by default.
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!java.util.Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward(gradient): expected a gradient of shape " + Shape.str(shape)
                    + ", got " + Shape.str(gradient.shape));
        }
        Backprop.run(this, gradient, retainGraph, createGraph);
    }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} on backward (leaves always keep theirs). */
    public Tensor retainGrad() {
        GradHooks.retainGrad(this);
        return this;
    }

    /** The same values without history: a new leaf that shares storage and does not require grad. */
    public Tensor detach() {
        return new Tensor(storage, device, shape, strides, offset);
    }

    /**
     * Registers {@code hook} on this tensor's gradient: it runs each time the gradient is
     * computed, and may return a replacement (or null to keep it). A hook that only looks:
     * {@link #registerGradObserver}.
     */
    public HookHandle registerHook(UnaryOperator<Tensor> hook) {
        return GradHooks.register(this, hook);
    }

    /**
     * Registers {@code observer} on this tensor's gradient: it runs with the gradient each time
     * it is computed and returns nothing, so the gradient goes on unchanged (PyTorch's
     * {@code register_hook} with a hook that returns None): {@code t.registerGradObserver(g -> grads.add(g))}.
     * To replace the gradient, use {@link #registerHook}.
     */
    public HookHandle registerGradObserver(java.util.function.Consumer<Tensor> observer) {
        if (observer == null) throw new IllegalArgumentException("registerGradObserver: expected an observer lambda, got null");
        return GradHooks.register(this, g -> { observer.accept(g); return null; });
    }

    /**
     * Registers {@code hook} on this leaf: it runs with the tensor each time a backward has
     * added into {@link #grad()} (PyTorch 2.1's {@code register_post_accumulate_grad_hook}), as
     * an optimizer step fused into backward would. Leaves that require grad only.
     */
    public HookHandle registerPostAccumulateGradHook(java.util.function.Consumer<Tensor> hook) {
        return GradHooks.registerPostAccumulateGrad(this, hook);
    }

    /**
     * Makes this tensor hold {@code other}'s values (shared, same shape), keeping its identity,
     * gradient state and hooks: how a module moves its parameters to another device.
     */
    public void setData(Tensor other) {
        if (!java.util.Arrays.equals(other.shape, shape)) {
            throw new IllegalArgumentException("setData: new data has shape " + Shape.str(other.shape)
                    + ", this tensor has shape " + Shape.str(shape));
        }
        this.storage = other.storage;
        this.device = other.device;
        this.strides = other.strides;
        this.offset = other.offset;
        this.historyAt = storage.version();
        if (grad != null && grad.device != device) grad = grad.to(device);
    }

    /**
     * Overwrites this tensor's values with {@code value} (broadcast), in place, recording nothing.
     * For optimizers and initialisation; ops never change their inputs.
     */
    public void assign(Tensor value) {
        if (value.device != device) {
            throw new IllegalArgumentException("assign: value is on " + value.device + ", this tensor on " + device);
        }
        Shape.broadcast("assign", value.shape, shape);
        device.backend().copyInto(this, value);
        storage.bumpVersion();
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    /**
     * In a notebook: an HTML table (one row per vector along the last dimension, long rows and
     * columns cut as PyTorch's printing cuts them) and {@link #toString()} as the plain text.
     */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return MimeBundle.html(TensorHtml.of(this), toString());
    }
}

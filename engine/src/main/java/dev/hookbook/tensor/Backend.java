package dev.hookbook.tensor;

/**
 * The kernels of one device. Every op of the engine is built from these few roles: memory
 * (allocate, upload, download, copy), element-wise maps, reductions, matrix products and the
 * layout kernels of convolution and pooling. Inputs may be any strided view on this device;
 * outputs are new contiguous tensors. None of these records autograd history: the ops in
 * {@code dev.hookbook.ops} do that.
 */
public interface Backend {

    Device device();

    /**
     * The width in bits of the float vectors this device's kernels add across, which (with the
     * threads they split work over) decides the order sums add up in; 0 where the kernels do not
     * split sums across vector lanes.
     */
    default int vectorBits() {
        return 0;
    }

    /** A zero-filled buffer of {@code size} floats. */
    Storage allocate(int size);

    /** A buffer holding a copy of {@code data}. */
    Storage upload(float[] data);

    /** The tensor's values, row-major, as a new array. */
    float[] download(Tensor t);

    /** A contiguous row-major copy of {@code t}. */
    Tensor contiguous(Tensor t);

    /** Overwrites the elements of {@code dst} (any view) with {@code src} broadcast to its shape. */
    void copyInto(Tensor dst, Tensor src);

    Tensor unary(UnaryOp op, Tensor x, float arg);

    /** {@code a op b} with NumPy broadcasting. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /** Reduces along {@code dim}, keeping it with size 1. */
    Tensor reduce(ReduceOp op, Tensor x, int dim);

    /**
     * {@code target = target op b}, b broadcast to target's shape, in place. For a result the
     * caller has just made and nothing else has seen yet (a bias added to a product).
     */
    void binaryInPlace(BinaryOp op, Tensor target, Tensor b);

    /** {@code x = op(x)} in place, x any view: by default computed aside and copied back. */
    default void unaryInPlace(UnaryOp op, Tensor x, float arg) {
        copyInto(x, unary(op, x, arg));
    }

    /**
     * {@code out = a op b} (broadcast) into {@code out}, which has the result's shape and may
     * share memory with a or b: by default computed aside and copied in.
     */
    default void binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        copyInto(out, binary(op, a, b));
    }

    /**
     * Frees the memory this backend keeps for reuse (freed temporaries and gradients waiting for
     * the next result of their size) and returns how many bytes that was; 0 where it keeps none.
     */
    default long emptyCache() {
        return 0;
    }

    /**
     * Gives back the storage of {@code t}, a temporary the caller made with this backend and
     * that nothing reads again (no view of it is kept anywhere): the backend may hand it out
     * for a later result. Doing nothing is always correct.
     */
    void release(Tensor t);

    /** The sum of all elements, as a 0-dim tensor (accumulated in double). */
    Tensor sumAll(Tensor x);

    /**
     * Batched matrix product: {@code a} is [B, M, K] and {@code b} is [B, K, N] (either may have
     * batch size 1 to be broadcast); the result is [B, M, N].
     */
    Tensor matmul(Tensor a, Tensor b);

    /** Softmax (or log-softmax) along {@code dim}, stable against large inputs. */
    Tensor softmax(Tensor x, int dim, boolean log);

    /** Unfolds image patches: x {@code window.imageShape()} to {@code window.columnsShape()}. */
    Tensor im2col(Tensor x, Window2d window);

    /** The adjoint of {@link #im2col}: sums patch columns back into an image of {@code window.imageShape()}. */
    Tensor col2im(Tensor cols, Window2d window);

    /** Max pooling without padding: the maxima and where each came from. */
    Pooled maxPool2d(Tensor x, Window2d window);

    /** Routes each pooled gradient to the input element that was the maximum. */
    Tensor maxPool2dBackward(Tensor grad, Tensor indices, Window2d window);

    /**
     * Batch-norm statistics of x [N, C, L] per channel: the mean and the biased variance
     * (the mean of squared deviations from it), each [C], accumulated in double.
     */
    Tensor[] batchNormStats(Tensor x);

    /**
     * {@code y = (x - mean) * invStd * weight + bias} per channel of x [N, C, L], in one pass;
     * mean, invStd, weight and bias are [C], weight and bias may be null.
     */
    Tensor batchNormForward(Tensor x, Tensor mean, Tensor invStd, Tensor weight, Tensor bias);

    /**
     * The gradients of {@link #batchNormForward} from g [N, C, L]: {gx [N, C, L], sum of g [C],
     * sum of g * xHat [C]} (the bias's and the weight's gradients), with xHat = (x - mean) * invStd
     * recomputed from x. With {@code training} the mean and variance are x's own, and gx carries
     * their gradient too: {@code gain / M * (M g - sum(g) - xHat sum(g xHat))}, M = N * L values
     * per channel, {@code gain = weight * invStd}; otherwise {@code gx = g * gain}.
     */
    Tensor[] batchNormBackward(Tensor g, Tensor x, Tensor mean, Tensor invStd, Tensor weight, boolean training);

    /**
     * Layer normalisation of each row of x [M, N]: {mean [M], rstd [M], y [M, N]} with
     * {@code rstd = 1 / sqrt(var + eps)} (var biased, accumulated in double) and
     * {@code y = (x - mean) * rstd * weight + bias}; weight and bias are [N] or null.
     */
    Tensor[] layerNormForward(Tensor x, Tensor weight, Tensor bias, float eps);

    /**
     * The gradients of {@link #layerNormForward} from g [M, N]: {gx [M, N], gWeight [N], gBias [N]},
     * with xHat recomputed from x, {@code gxHat = g * weight} and
     * {@code gx = rstd / N * (N gxHat - sum(gxHat) - xHat sum(gxHat xHat))} per row;
     * gWeight sums g * xHat over the rows, gBias sums g. weight may be null.
     */
    Tensor[] layerNormBackward(Tensor g, Tensor x, Tensor mean, Tensor rstd, Tensor weight);

    /**
     * One SGD step in place, PyTorch's formulas: {@code d = grad + weightDecay * param}; with
     * momentum, {@code buf = momentum * buf + d} ({@code buf = d} when {@code first}) and d = buf;
     * then {@code param -= lr * d}. {@code buf} is null without momentum. param and buf are
     * contiguous; grad may be any view.
     */
    void sgdStep(Tensor param, Tensor grad, Tensor buf, float lr, float momentum, float weightDecay, boolean first);

    /**
     * One Adam step in place: {@code g = grad + weightDecay * param},
     * {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2},
     * {@code param -= stepSize * m / (sqrt(v) / sqrtCorrection2 + eps)}. param, m and v are
     * contiguous; grad may be any view.
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float beta1, float beta2, float eps, float weightDecay,
                  float stepSize, float sqrtCorrection2);

    /**
     * One AdamW step in place, PyTorch's formulas: {@code param *= decay} (the decoupled weight
     * decay, {@code decay = 1 - lr * weightDecay}), then {@code m = beta1 m + (1 - beta1) grad},
     * {@code v = beta2 v + (1 - beta2) grad^2},
     * {@code param -= stepSize * m / (sqrt(v) / sqrtCorrection2 + eps)}. param, m and v are
     * contiguous; grad may be any view.
     */
    void adamWStep(Tensor param, Tensor grad, Tensor m, Tensor v, float beta1, float beta2, float eps, float decay,
                   float stepSize, float sqrtCorrection2);

    // ------------------------------------------------------------------ indexing, selection and top-k
    // The kernels behind cat/gather/indexSelect/where/topk (ops Joining, Indexing, Sampling). Index
    // tensors hold integral float values that the op has already checked to be in range.

    /**
     * {@code out[p] = x[p with p[dim] replaced by index[p]]} over index's shape (PyTorch's gather);
     * index has x's rank and no larger size than x in any dim but {@code dim}. Index may be any
     * view, a broadcast one included.
     */
    Tensor gather(Tensor x, int dim, Tensor index);

    /**
     * The adjoint of {@link #gather}: a zero tensor of {@code shape} into which each {@code src[p]}
     * is added at {@code p with p[dim] replaced by index[p]}, over index's shape (src has it too).
     * Values that land on one element are added in increasing order of their position along dim,
     * so every device gives the same sums.
     */
    Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor src);

    /** {@code cond != 0 ? a : b} element-wise, the three broadcast against each other. */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    /**
     * The {@code k} largest values along {@code dim} in descending order and their indices (as
     * floats): {values, indices}, each x's shape with dim of size k. NaN counts as larger than
     * any number; among equal values the lower index comes first.
     */
    Tensor[] topk(Tensor x, int dim, int k);

    /** The error for an operand of {@code op} that lives on another device than {@code expected}. */
    static IllegalArgumentException deviceMismatch(String op, Device expected, Device got) {
        return new IllegalArgumentException(op + ": operands are on different devices: " + expected + " and " + got
                + " (move one with to(Device))");
    }

    // ------------------------------------------------------------------ order statistics: kthvalue, median, quantile

    /**
     * The {@code k}-th smallest value along {@code dim} (k counts from 1) and its index (as a
     * float): {values, indices}, each x's shape with dim of size 1. The order is total, so every
     * device picks the same element: smaller first, NaN after every number, the lower index first
     * among equal values. x has at least one dim and {@code 1 <= k <= size of dim}.
     */
    Tensor[] kthSmallest(Tensor x, int dim, int k);

    // ------------------------------------------------------------------ scatter: scatter and indexPut
    // The kernel behind scatter(dim, index, src) and indexPut (op Scattering); scatterAdd above
    // serves scatterAdd and indexPut with accumulate.

    /**
     * A new contiguous copy of {@code x} with {@code src[p]} written at {@code p with p[dim]
     * replaced by index[p]}, over index's shape (src has it too; either may be a broadcast
     * view). Where several values land on one element the last along dim stays, on every
     * device (PyTorch leaves that order undefined).
     */
    Tensor scatter(Tensor x, int dim, Tensor index, Tensor src);
}

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

    /** The sum of all elements, as a 0-dim tensor (accumulated in double). */
    Tensor sumAll(Tensor x);

    /**
     * Batched matrix product: {@code a} is [B, M, K] and {@code b} is [B, K, N] (either may have
     * batch size 1 to be broadcast); the result is [B, M, N].
     */
    Tensor matmul(Tensor a, Tensor b);

    /** Softmax (or log-softmax) along {@code dim}, stable against large inputs. */
    Tensor softmax(Tensor x, int dim, boolean log);

    /** Unfolds image patches: [N, C, H, W] to [N, C*kh*kw, outH*outW]. */
    Tensor im2col(Tensor x, int kh, int kw, int stride, int padding);

    /** The adjoint of {@link #im2col}: sums patch columns back into an [N, C, H, W] image. */
    Tensor col2im(Tensor cols, int[] imageShape, int kh, int kw, int stride, int padding);

    /** Max pooling: returns the pooled values and, in {@code argmaxOut[0]}, the flat input index of each. */
    Tensor maxPool2d(Tensor x, int k, int stride, Tensor[] argmaxOut);

    /** Routes each pooled gradient to the input element that was the maximum. */
    Tensor maxPool2dBackward(Tensor grad, Tensor argmax, int[] inputShape);
}

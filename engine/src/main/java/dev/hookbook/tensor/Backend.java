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

    /** Unfolds image patches: x {@code window.imageShape()} to {@code window.columnsShape()}. */
    Tensor im2col(Tensor x, Window2d window);

    /** The adjoint of {@link #im2col}: sums patch columns back into an image of {@code window.imageShape()}. */
    Tensor col2im(Tensor cols, Window2d window);

    /** Max pooling without padding: the maxima and where each came from. */
    Pooled maxPool2d(Tensor x, Window2d window);

    /** Routes each pooled gradient to the input element that was the maximum. */
    Tensor maxPool2dBackward(Tensor grad, Tensor indices, Window2d window);

    /** The error for an operand of {@code op} that lives on another device than {@code expected}. */
    static IllegalArgumentException deviceMismatch(String op, Device expected, Device got) {
        return new IllegalArgumentException(op + ": operands are on different devices: " + expected + " and " + got
                + " (move one with to(Device))");
    }
}

package dev.hookbook.backend.cpu;

/**
 * A batch of matrices laid out anywhere in a float array: element (b, i, j) is at
 * {@code data[offset + b * batchStride + i * rowStride + j * colStride]}. A row-major matrix has
 * {@code colStride == 1}; its transposed view has {@code rowStride == 1}; a batch stride of 0
 * repeats one matrix for every batch. The matrix kernels read operands through this, so a
 * transposed weight is read where it lies instead of being copied first.
 */
record MatrixView(float[] data, int offset, int batchStride, int rowStride, int colStride) {

    /** A row-major [rows, cols] matrix at the start of {@code data}, the same for every batch. */
    static MatrixView rowMajor(float[] data, int cols) {
        return new MatrixView(data, 0, 0, cols, 1);
    }

    /** Where element (0, 0) of batch {@code b} lies. */
    int start(int b) {
        return offset + b * batchStride;
    }

    float get(int b, int i, int j) {
        return data[start(b) + i * rowStride + j * colStride];
    }
}

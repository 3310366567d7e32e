package dev.hookbook.backend.cpu;

/**
 * The kernel behind {@code scatter} (and {@code indexPut}, which scatters along the flattened
 * indexed dims): writing values at the positions an index gives, into a copy of a tensor.
 * Operands are arrays with an offset and strides (0 where broadcast); the output is contiguous.
 */
final class ScatterKernels {
    private ScatterKernels() {}

    /**
     * {@code out[p with p[dim] = idx[p]] = src[p]} over {@code shape}, the index's (and src's)
     * shape; out is contiguous, of {@code outShape}, and already holds the tensor written into.
     * Row-major order, so where several values land on one element the last along dim stays
     * (the OpenCL kernel walks each column in the same order).
     */
    static void scatter(float[] out, int[] outShape, int dim, float[] idx, int idxOff, int[] idxStrides,
                        float[] src, int srcOff, int[] srcStrides, int[] shape) {
        IndexKernels.scatterInto(out, outShape, dim, idx, idxOff, idxStrides, src, srcOff, srcStrides, shape, false);
    }
}

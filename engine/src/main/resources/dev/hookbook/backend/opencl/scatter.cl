// Scatter and scatter-add: the kernel behind scatter, indexPut and scatterAdd, the same algorithm as
// the CPU's IndexKernels.scatterInto.

// One work-item per column (a position of the index with dim left out) walks the column in order,
// so no two work-items write the same element: where a column writes one element twice, the last
// value along dim stays (accumulate 0) or the sums are those of the CPU (accumulate 1). out already
// holds the tensor written into (zeros for scatterAdd).
__kernel void scatter_columns(__global float* out, int8 outStrides, int outDimStride,
                              __global const float* idx, int idxOff, int8 idxStrides, int idxDimStride,
                              __global const float* src, int srcOff, int8 srcStrides, int srcDimStride,
                              int8 columns, int rank, int length, int n, int accumulate) {
    int c = get_global_id(0);
    if (c >= n) return;
    int3 off = offset3(c, rank, columns, outStrides, idxStrides, srcStrides);
    for (int j = 0; j < length; j++) {
        int at = off.x + (int) idx[idxOff + off.y + j * idxDimStride] * outDimStride;
        float v = src[srcOff + off.z + j * srcDimStride];
        out[at] = accumulate ? out[at] + v : v;
    }
}

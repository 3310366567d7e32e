// Scatter: the kernel behind scatter and indexPut, the same algorithm as the CPU's ScatterKernels.

// One work-item per column (a position of the index with dim left out) walks the column in order,
// so no two work-items write the same element and, where a column writes one element twice, the
// last value along dim stays, as on the CPU. out already holds the tensor written into.
__kernel void scatter_set(__global float* out, int8 outStrides, int outDimStride,
                          __global const float* idx, int idxOff, int8 idxStrides, int idxDimStride,
                          __global const float* src, int srcOff, int8 srcStrides, int srcDimStride,
                          int8 columns, int rank, int length, int n) {
    int c = get_global_id(0);
    if (c >= n) return;
    int3 off = offset3(c, rank, columns, outStrides, idxStrides, srcStrides);
    for (int j = 0; j < length; j++) {
        int at = (int) idx[idxOff + off.y + j * idxDimStride];
        out[off.x + at * outDimStride] = src[srcOff + off.z + j * srcDimStride];
    }
}

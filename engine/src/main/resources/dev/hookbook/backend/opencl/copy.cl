// dst[i] = src[i] over an index space of `shape`, both operands strided: used for contiguous
// copies, for downloading views, and (with stride-0 source dims) for broadcast assignment.
__kernel void strided_copy(__global float* dst, int dstOff, int8 dstStrides,
                           __global const float* src, int srcOff, int8 srcStrides,
                           int8 shape, int rank, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    int2 off = offset2(i, rank, shape, dstStrides, srcStrides);
    dst[dstOff + off.x] = src[srcOff + off.y];
}

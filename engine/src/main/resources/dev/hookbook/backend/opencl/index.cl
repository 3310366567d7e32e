// Gather, where and top-k: the same algorithms as the CPU's IndexKernels, so both devices give the
// same values (top-k picks the same elements). Scatter-add is scatter.cl's scatter_columns.

inline int3 offset3(int i, int rank, int8 shape, int8 stridesA, int8 stridesB, int8 stridesC) {
    int sh[8], sa[8], sb[8], sc[8];
    vstore8(shape, 0, sh);
    vstore8(stridesA, 0, sa);
    vstore8(stridesB, 0, sb);
    vstore8(stridesC, 0, sc);
    int3 off = (int3)(0, 0, 0);
    for (int d = 7; d >= 8 - rank && i > 0; d--) {
        int q = i % sh[d];
        off.x += q * sa[d];
        off.y += q * sb[d];
        off.z += q * sc[d];
        i /= sh[d];
    }
    return off;
}

// out[i] = x[position i with its dim coordinate replaced by the index value]; xStrides has 0 at dim.
__kernel void gather_along(__global float* out, __global const float* x, int xOff, int8 xStrides, int dimStride,
                           __global const float* idx, int idxOff, int8 idxStrides, int8 shape, int rank, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    int2 off = offset2(i, rank, shape, idxStrides, xStrides);
    out[i] = x[xOff + off.y + (int) idx[idxOff + off.x] * dimStride];
}

__kernel void where_select(__global float* out, __global const float* c, int cOff, int8 cStrides,
                           __global const float* a, int aOff, int8 aStrides,
                           __global const float* b, int bOff, int8 bStrides, int8 shape, int rank, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    int3 off = offset3(i, rank, shape, cStrides, aStrides, bStrides);
    out[i] = c[cOff + off.x] != 0.0f ? a[aOff + off.y] : b[bOff + off.z];
}

// Top-k order: larger first, NaN before any number, the lower index on ties.
inline bool topk_before(float a, int ia, float b, int ib) {
    bool an = isnan(a), bn = isnan(b);
    if (an != bn) return an;
    if (!an && a != b) return a > b;
    return ia < ib;
}

// One work-item per line along dim of a dense x [outer, size, inner]: k passes, each taking the
// first element after the one the pass before took.
__kernel void topk_select(__global float* values, __global float* indices, __global const float* x,
                          int outer, int size, int inner, int k) {
    int line = get_global_id(0);
    if (line >= outer * inner) return;
    int o = line / inner, in = line % inner;
    int base = o * size * inner + in, outBase = o * k * inner + in;
    float prev = 0.0f;
    int prevIndex = -1;
    for (int r = 0; r < k; r++) {
        int best = -1;
        float bestValue = 0.0f;
        for (int j = 0; j < size; j++) {
            float v = x[base + j * inner];
            if (prevIndex >= 0 && !topk_before(prev, prevIndex, v, j)) continue;
            if (best < 0 || topk_before(v, j, bestValue, best)) {
                best = j;
                bestValue = v;
            }
        }
        values[outBase + r * inner] = bestValue;
        indices[outBase + r * inner] = (float) best;
        prev = bestValue;
        prevIndex = best;
    }
}

// Order statistics (kthvalue, median, quantile): the k-th smallest element of each line.

// Ascending order: smaller first, NaN after every number, the lower index first among equal values
// (-0 and 0 are equal). A total order, so the CPU's sort and this kernel pick the same element.
inline bool order_before(float a, int ia, float b, int ib) {
    bool an = isnan(a), bn = isnan(b);
    if (an != bn) return bn;
    if (!an && a != b) return a < b;
    return ia < ib;
}

// One work-item per element of a dense x [outer, size, inner]: its rank is the number of elements
// of its line that come before it, and the element of rank k - 1 (one per line) writes the result.
// O(size) per element: meant for the short lines of teaching-sized tensors.
__kernel void kth_smallest(__global float* values, __global float* indices, __global const float* x,
                           int outer, int size, int inner, int k) {
    int i = get_global_id(0);
    if (i >= outer * size * inner) return;
    int o = i / (size * inner), j = (i / inner) % size, in = i % inner;
    int base = o * size * inner + in;
    float v = x[i];
    int rank = 0;
    for (int m = 0; m < size; m++) {
        if (order_before(x[base + m * inner], m, v, j)) rank++;
    }
    if (rank == k - 1) {
        values[o * inner + in] = v;
        indices[o * inner + in] = (float) j;
    }
}

// Reductions over the middle dim of contiguous data read as [outer, n, inner]: one work-item
// per (outer, inner) pair walks the n values in order, as the CPU loop does.

__kernel void reduce_sum(__global float* out, __global const float* x, int outer, int n, int inner) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int o = gid / inner, i = gid % inner;
    __global const float* p = x + o * n * inner + i;
    if (inner == 1) {
        acc_t s = 0;
        for (int k = 0; k < n; k++) s += p[k];
        out[gid] = (float) s;
    } else {
        // The CPU adds rows of floats here; the same order gives the same float result.
        float s = 0.0f;
        for (int k = 0; k < n; k++) s += p[k * inner];
        out[gid] = s;
    }
}

// Max and argmax: a NaN wins and stops the scan; ties keep the first index.
__kernel void reduce_max(__global float* out, __global const float* x, int outer, int n, int inner, int wantIndex) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int o = gid / inner, i = gid % inner;
    __global const float* p = x + o * n * inner + i;
    float best = p[0];
    int at = 0;
    for (int k = 1; k < n && !isnan(best); k++) {
        float v = p[k * inner];
        if (v > best || isnan(v)) {
            best = v;
            at = k;
        }
    }
    out[gid] = wantIndex ? (float) at : best;
}

// Partial sums of consecutive chunks: sum_chunks twice gives the sum of everything.
__kernel void sum_chunks(__global float* out, __global const float* x, int n, int chunk) {
    int gid = get_global_id(0);
    int from = gid * chunk;
    if (from >= n) return;
    int to = min(n, from + chunk);
    acc_t s = 0;
    for (int k = from; k < to; k++) s += x[k];
    out[gid] = (float) s;
}

__kernel void softmax(__global float* out, __global const float* x, int outer, int n, int inner, int logOut) {
    int gid = get_global_id(0);
    if (gid >= outer * inner) return;
    int o = gid / inner, i = gid % inner;
    int base = o * n * inner + i;
    float max = -INFINITY;
    // Java's Math.max: a NaN anywhere makes the maximum NaN.
    for (int k = 0; k < n; k++) {
        float v = x[base + k * inner];
        if (v > max || isnan(v)) max = v;
    }
    if (max == -INFINITY) max = 0.0f; // all -inf: exp(-inf) = 0 rather than NaN from inf - inf
    acc_t sum = 0;
    for (int k = 0; k < n; k++) sum += exp((acc_t) (x[base + k * inner] - max));
    if (logOut) {
        float logSum = (float) log(sum);
        for (int k = 0; k < n; k++) out[base + k * inner] = x[base + k * inner] - max - logSum;
    } else {
        for (int k = 0; k < n; k++) out[base + k * inner] = (float) (exp((acc_t) (x[base + k * inner] - max)) / sum);
    }
}

// Kernels of layer norm and AdamW, with the CPU backend's expressions in the same order.

// One work-item per row of x [M, N]: mean, rstd = 1 / sqrt(var + eps), y = (x - mean) * rstd * w + b.
__kernel void layer_norm_forward(__global float* mean, __global float* rstd, __global float* y, __global const float* x,
                                 __global const float* weight, int hasWeight, __global const float* bias, int hasBias,
                                 float eps, int m, int n) {
    int r = get_global_id(0);
    if (r >= m) return;
    __global const float* row = x + r * n;
    acc_t s = 0;
    for (int j = 0; j < n; j++) s += row[j];
    float mu = (float) (s / n);
    acc_t ss = 0;
    for (int j = 0; j < n; j++) {
        float d = row[j] - mu;
        ss += d * d;
    }
    float rs = (float) (1.0 / sqrt((acc_t) (float) (ss / n) + (acc_t) eps));
    mean[r] = mu;
    rstd[r] = rs;
    for (int j = 0; j < n; j++) {
        if (!hasWeight && !hasBias) {
            y[r * n + j] = (row[j] - mu) * rs;
        } else {
            float w = hasWeight ? weight[j] : 1.0f, b = hasBias ? bias[j] : 0.0f;
            y[r * n + j] = (row[j] - mu) * rs * w + b;
        }
    }
}

// One work-item per row: gx = (gxHat N - sum(gxHat) - xHat sum(gxHat xHat)) * rstd / N, gxHat = g * w.
__kernel void layer_norm_backward_input(__global float* gx, __global const float* g, __global const float* x,
                                        __global const float* mean, __global const float* rstd,
                                        __global const float* weight, int hasWeight, int m, int n) {
    int r = get_global_id(0);
    if (r >= m) return;
    int row = r * n;
    float mu = mean[r], rs = rstd[r];
    acc_t sg = 0, sgx = 0;
    for (int j = 0; j < n; j++) {
        float gh = hasWeight ? g[row + j] * weight[j] : g[row + j];
        sg += gh;
        sgx += gh * ((x[row + j] - mu) * rs);
    }
    float sumOfG = (float) sg, sumOfGxHat = (float) sgx, perValue = rs / n;
    for (int j = 0; j < n; j++) {
        float gh = hasWeight ? g[row + j] * weight[j] : g[row + j];
        float xHat = (x[row + j] - mu) * rs;
        gx[row + j] = (gh * n - sumOfG - xHat * sumOfGxHat) * perValue;
    }
}

// One work-item per column: the weight's gradient sum(g * xHat) and the bias's sum(g) over the rows.
__kernel void layer_norm_backward_params(__global float* gWeight, __global float* gBias, __global const float* g,
                                         __global const float* x, __global const float* mean, __global const float* rstd,
                                         int m, int n) {
    int j = get_global_id(0);
    if (j >= n) return;
    acc_t sw = 0, sb = 0;
    for (int r = 0; r < m; r++) {
        float gi = g[r * n + j];
        sw += gi * ((x[r * n + j] - mean[r]) * rstd[r]);
        sb += gi;
    }
    gWeight[j] = (float) sw;
    gBias[j] = (float) sb;
}

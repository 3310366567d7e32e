// Batch and layer normalisation, with the CPU backend's expressions in the same order.
// Batch normalisation runs over contiguous [N, C, L] data; its statistics and gradient sums:
// one work-item per channel, in order.

__kernel void bn_stats(__global float* mean, __global float* var, __global const float* x, int n, int c, int l) {
    int ch = get_global_id(0);
    if (ch >= c) return;
    int count = n * l;
    acc_t s = 0;
    for (int i = 0; i < n; i++) {
        __global const float* row = x + (i * c + ch) * l;
        for (int j = 0; j < l; j++) s += row[j];
    }
    float m = (float) (s / count);
    acc_t ss = 0;
    for (int i = 0; i < n; i++) {
        __global const float* row = x + (i * c + ch) * l;
        for (int j = 0; j < l; j++) {
            float d = row[j] - m;
            ss += d * d;
        }
    }
    mean[ch] = m;
    var[ch] = (float) (ss / count);
}

// y = (x - mean) * invStd * weight + bias; without weight and bias, just (x - mean) * invStd.
__kernel void bn_forward(__global float* y, __global const float* x, __global const float* mean, __global const float* invStd,
                         __global const float* weight, int hasWeight, __global const float* bias, int hasBias,
                         int c, int l, int total) {
    int gid = get_global_id(0);
    if (gid >= total) return;
    int ch = (gid / l) % c;
    float xHat = x[gid] - mean[ch];
    if (!hasWeight && !hasBias) {
        y[gid] = xHat * invStd[ch];
    } else {
        float w = hasWeight ? weight[ch] : 1.0f, b = hasBias ? bias[ch] : 0.0f;
        y[gid] = xHat * invStd[ch] * w + b;
    }
}

// Per channel: the sum of g and of g * xHat, xHat recomputed from x.
__kernel void bn_backward_sums(__global float* sumG, __global float* sumGxHat, __global const float* g, __global const float* x,
                               __global const float* mean, __global const float* invStd, int n, int c, int l) {
    int ch = get_global_id(0);
    if (ch >= c) return;
    float m = mean[ch], s = invStd[ch];
    acc_t sg = 0, sgx = 0;
    for (int i = 0; i < n; i++) {
        int row = (i * c + ch) * l;
        for (int j = 0; j < l; j++) {
            sg += g[row + j];
            sgx += g[row + j] * ((x[row + j] - m) * s);
        }
    }
    sumG[ch] = (float) sg;
    sumGxHat[ch] = (float) sgx;
}

// gx = (g M - sum(g) - xHat sum(g xHat)) * gain / M in training, g * gain otherwise.
__kernel void bn_backward_dx(__global float* gx, __global const float* g, __global const float* x,
                             __global const float* mean, __global const float* invStd, __global const float* weight, int hasWeight,
                             __global const float* sumG, __global const float* sumGxHat, int training, int c, int l, int count, int total) {
    int gid = get_global_id(0);
    if (gid >= total) return;
    int ch = (gid / l) % c;
    float s = invStd[ch];
    float gain = hasWeight ? weight[ch] * s : s;
    if (training) {
        float xHat = (x[gid] - mean[ch]) * s;
        gx[gid] = (g[gid] * count - sumG[ch] - xHat * sumGxHat[ch]) * (gain / count);
    } else {
        gx[gid] = g[gid] * gain;
    }
}

// Layer normalisation.

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

// The layout kernels of convolution and pooling on [N, C, H, W] images.

// One work-item per element of cols [N, C*kh*kw, oh*ow]; x may be any strided view.
__kernel void im2col(__global float* cols, __global const float* x, int xOff, int4 xs,
                     int channels, int h, int w, int kh, int kw, int stride, int pad,
                     int oh, int ow, int total) {
    int gid = get_global_id(0);
    if (gid >= total) return;
    int l = oh * ow;
    int pos = gid % l, rowAll = gid / l;
    int patch = channels * kh * kw;
    int img = rowAll / patch, row = rowAll % patch;
    int c = row / (kh * kw), kk = row % (kh * kw), ki = kk / kw, kj = kk % kw;
    int iy = (pos / ow) * stride - pad + ki, ix = (pos % ow) * stride - pad + kj;
    cols[gid] = iy >= 0 && iy < h && ix >= 0 && ix < w
            ? x[xOff + img * xs.s0 + c * xs.s1 + iy * xs.s2 + ix * xs.s3] : 0.0f;
}

// One work-item per image pixel gathers every column entry that came from it, in the CPU's
// order (kernel row, then kernel column), so no two work-items write the same pixel.
__kernel void col2im(__global float* x, __global const float* cols,
                     int channels, int h, int w, int kh, int kw, int stride, int pad,
                     int oh, int ow, int total) {
    int gid = get_global_id(0);
    if (gid >= total) return;
    int ix = gid % w, iy = (gid / w) % h, c = (gid / (w * h)) % channels, img = gid / (w * h * channels);
    int l = oh * ow;
    float s = 0.0f;
    for (int ki = 0; ki < kh; ki++) {
        int ty = iy + pad - ki;
        if (ty < 0 || ty % stride != 0 || ty / stride >= oh) continue;
        for (int kj = 0; kj < kw; kj++) {
            int tx = ix + pad - kj;
            if (tx < 0 || tx % stride != 0 || tx / stride >= ow) continue;
            int row = (img * channels + c) * kh * kw + ki * kw + kj;
            s += cols[row * l + (ty / stride) * ow + tx / stride];
        }
    }
    x[gid] = s;
}

// Max of each k x k window, with the flat input index of the (first) maximum; NaN wins.
__kernel void max_pool(__global float* out, __global float* argmax, __global const float* x,
                       int h, int w, int k, int stride, int oh, int ow, int total) {
    int gid = get_global_id(0);
    if (gid >= total) return;
    int ox = gid % ow, oy = (gid / ow) % oh, p = gid / (ow * oh);
    int plane = p * h * w;
    float best = -INFINITY;
    int at = plane + oy * stride * w + ox * stride;
    for (int ky = 0; ky < k; ky++) {
        int row = plane + (oy * stride + ky) * w + ox * stride;
        for (int kx = 0; kx < k; kx++) {
            float v = x[row + kx];
            // PyTorch's rule: a NaN wins, and the last NaN gives the index.
            if (v > best || isnan(v)) {
                best = v;
                at = row + kx;
            }
        }
    }
    out[gid] = best;
    argmax[gid] = (float) at;
}

// Adds each pooled gradient to the input element it came from. Windows that overlap
// (stride < k) may pick the same element, hence the atomic add.
__kernel void max_pool_backward(__global float* gx, __global const float* g, __global const float* argmax, int total) {
    int gid = get_global_id(0);
    if (gid >= total) return;
    atomic_add_float(gx + (int) argmax[gid], g[gid]);
}

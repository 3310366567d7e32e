package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Window2d;

/**
 * Max pooling over k x k windows, remembering where each maximum came from.
 *
 * <p>The scan makes one comparison per element: {@code !(v <= best)} holds for a larger value
 * and for a NaN alike. Only a window that holds a NaN goes on to find PyTorch's answer for it:
 * the maximum is NaN and the index is the window's last NaN, in row-major order.
 */
final class Pool {
    /** Planes per task below this many window elements of work run on the calling thread. */
    private static final int MIN_WORK_PER_TASK = 1 << 15;

    private Pool() {}

    static void max(float[] x, float[] out, float[] argmax, Window2d g) {
        int planes = g.n() * g.channels(), h = g.h(), w = g.w(), k = g.kh(), stride = g.stride(), oh = g.outH(), ow = g.outW();
        int workPerPlane = Math.max(1, oh * ow * k * k);
        Parallel.forRange(planes, Math.max(1, MIN_WORK_PER_TASK / workPerPlane), (from, to) -> {
            for (int p = from; p < to; p++) {
                int plane = p * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    int o = (p * oh + oy) * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        int corner = plane + oy * stride * w + ox * stride;
                        float best = Float.NEGATIVE_INFINITY;
                        int at = corner;
                        scan:
                        for (int ky = 0; ky < k; ky++) {
                            int row = corner + ky * w;
                            for (int kx = 0; kx < k; kx++) {
                                float v = x[row + kx];
                                if (!(v <= best)) {
                                    best = v;
                                    at = row + kx;
                                    if (v != v) break scan;
                                }
                            }
                        }
                        if (best != best) at = lastNaN(x, corner, w, k);
                        out[o + ox] = best;
                        argmax[o + ox] = at;
                    }
                }
            }
        });
    }

    /** Where the last NaN of the k x k window at {@code corner} is. */
    private static int lastNaN(float[] x, int corner, int w, int k) {
        for (int ky = k - 1; ky >= 0; ky--) {
            for (int kx = k - 1; kx >= 0; kx--) {
                if (Float.isNaN(x[corner + ky * w + kx])) return corner + ky * w + kx;
            }
        }
        throw new IllegalStateException("unreachable: the window has a NaN");
    }

    /** Routes each pooled gradient to the input element that was the maximum; out starts at zero. */
    static void backward(float[] g, float[] indices, float[] out) {
        for (int i = 0; i < g.length; i++) out[(int) indices[i]] += g[i];
    }
}

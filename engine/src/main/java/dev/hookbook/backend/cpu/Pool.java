package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Window2d;

/**
 * Max pooling over k x k windows, remembering where each maximum came from.
 *
 * <p>A window's maximum comes from {@code Math.max}, which the JIT compiles to branch-free
 * code: a comparison branch per element would be mispredicted about every other time on real
 * activations. Then the first element equal to it is the index (PyTorch's strict {@code >}
 * keeps the first of ties), and the value is read back from there, so that of -0 and 0 the
 * first one's sign survives, as in PyTorch. A NaN makes the maximum NaN, and only then does a
 * window look for PyTorch's index: its last NaN, in row-major order.
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
                        for (int ky = 0; ky < k; ky++) {
                            int row = corner + ky * w;
                            for (int kx = 0; kx < k; kx++) best = Math.max(best, x[row + kx]);
                        }
                        int at = best != best ? lastNaN(x, corner, w, k) : first(x, corner, w, k, best);
                        out[o + ox] = x[at];
                        argmax[o + ox] = at;
                    }
                }
            }
        });
    }

    /** Where the first element equal to {@code best} is, in the window at {@code corner}. */
    private static int first(float[] x, int corner, int w, int k, float best) {
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
                if (x[corner + ky * w + kx] == best) return corner + ky * w + kx;
            }
        }
        throw new IllegalStateException("unreachable: the maximum is one of the window's values");
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

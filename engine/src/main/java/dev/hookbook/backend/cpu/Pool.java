package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Window2d;

/**
 * Max pooling over k x k windows, remembering where each maximum came from.
 *
 * <p>The loops have no branch that depends on the data: a comparison branch per element is
 * mispredicted about every other time on real activations, and then costs more than the rest
 * of the work. A window's maximum comes from {@code Math.max}, which compiles to branch-free
 * code; the index is the first element equal to it (PyTorch's strict {@code >} keeps the first
 * of ties), found by counting leading unequal elements with integer arithmetic; the value is
 * read back from there, so that of -0 and 0 the first one's sign survives, as in PyTorch. A NaN
 * makes the maximum NaN, and only then does a window look for PyTorch's index: its last NaN,
 * in row-major order.
 */
final class Pool {

    private Pool() {}

    static void max(float[] x, float[] out, float[] argmax, Window2d g) {
        int planes = g.n() * g.channels(), h = g.h(), w = g.w(), k = g.kh(), stride = g.stride(), oh = g.outH(), ow = g.outW();
        int workPerPlane = Math.max(1, oh * ow * k * k);
        Parallel.forRange(planes, Parallel.unitsPerTask(workPerPlane), (from, to) -> {
            for (int p = from; p < to; p++) {
                int plane = p * h * w;
                for (int oy = 0; oy < oh; oy++) {
                    int o = (p * oh + oy) * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        int corner = plane + oy * stride * w + ox * stride;
                        float best = k == 2 ? max2x2(x, corner, w) : maxOf(x, corner, w, k);
                        int at = best != best ? lastNaN(x, corner, w, k)
                                : k == 2 ? first2x2(x, corner, w, best) : first(x, corner, w, k, best);
                        out[o + ox] = x[at];
                        argmax[o + ox] = at;
                    }
                }
            }
        });
    }

    /** The common 2 x 2 window as a tree of maxima: the JIT keeps the general loop's chain far slower. */
    private static float max2x2(float[] x, int corner, int w) {
        return Math.max(Math.max(x[corner], x[corner + 1]), Math.max(x[corner + w], x[corner + w + 1]));
    }

    private static float maxOf(float[] x, int corner, int w, int k) {
        float best = Float.NEGATIVE_INFINITY;
        for (int ky = 0; ky < k; ky++) {
            int row = corner + ky * w;
            for (int kx = 0; kx < k; kx++) best = Math.max(best, x[row + kx]);
        }
        return best;
    }

    /**
     * Where the first element equal to {@code best} (a value of the window, not NaN) is, without
     * branches on the data: {@code at} steps on to the next element while every element so far
     * differed. Adding 0 turns -0 into 0, so the bit patterns of equal values are equal.
     */
    private static int first(float[] x, int corner, int w, int k, float best) {
        int target = Float.floatToRawIntBits(best + 0f), at = corner, searching = 1;
        for (int ky = 0; ky < k; ky++) {
            int row = corner + ky * w;
            for (int kx = 0; kx < k; kx++) {
                searching &= differs(x[row + kx], target);
                at += searching * (kx + 1 < k ? 1 : w - k + 1);
            }
        }
        return at;
    }

    /** {@link #first} unrolled for 2 x 2: the elements sit at corner, +1, +w, +w+1. */
    private static int first2x2(float[] x, int corner, int w, float best) {
        int target = Float.floatToRawIntBits(best + 0f);
        int s0 = differs(x[corner], target), s1 = s0 & differs(x[corner + 1], target), s2 = s1 & differs(x[corner + w], target);
        return corner + s0 + s1 * (w - 1) + s2;
    }

    /** 1 if v (with -0 as 0) has other bits than {@code target}, else 0. */
    private static int differs(float v, int target) {
        int d = Float.floatToRawIntBits(v + 0f) ^ target;
        return (d | -d) >>> 31;
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

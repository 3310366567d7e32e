package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Window2d;

/** Max pooling over k x k windows, remembering where each maximum came from. */
final class Pool {
    private Pool() {}

    static void max(float[] x, float[] out, float[] argmax, Window2d g) {
        int planes = g.n() * g.channels(), h = g.h(), w = g.w(), k = g.kh(), stride = g.stride(), oh = g.outH(), ow = g.outW();
        for (int p = 0; p < planes; p++) {
            int plane = p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = plane + oy * stride * w + ox * stride;
                    for (int ky = 0; ky < k; ky++) {
                        int row = plane + (oy * stride + ky) * w + ox * stride;
                        for (int kx = 0; kx < k; kx++) {
                            float v = x[row + kx];
                            if (v > best || Float.isNaN(v)) {
                                best = v;
                                at = row + kx;
                                if (Float.isNaN(v)) break;
                            }
                        }
                    }
                    int o = (p * oh + oy) * ow + ox;
                    out[o] = best;
                    argmax[o] = at;
                }
            }
        }
    }
}

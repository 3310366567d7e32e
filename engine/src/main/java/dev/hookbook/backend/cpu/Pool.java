package dev.hookbook.backend.cpu;

/** Max pooling over k x k windows, remembering where each maximum came from. */
final class Pool {
    private Pool() {}

    static void max(float[] x, float[] out, float[] argmax, int planes, int h, int w, int k, int stride, int oh, int ow) {
        if ((long) planes * h * w > (1 << 24)) {
            throw new IllegalArgumentException("maxPool2d: inputs of more than 2^24 elements are not supported (indices are float32)");
        }
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

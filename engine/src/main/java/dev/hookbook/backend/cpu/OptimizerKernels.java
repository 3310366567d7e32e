package dev.hookbook.backend.cpu;

/**
 * Optimizer updates in place over contiguous arrays, one pass per parameter. Each line is the
 * expression the tensor-op version computed, in the same order, so the results are the same
 * floats; nothing is allocated.
 */
final class OptimizerKernels {
    private OptimizerKernels() {}

    static void sgd(float[] p, float[] g, float[] buf, float lr, float momentum, float weightDecay, boolean first, int from, int to) {
        for (int i = from; i < to; i++) {
            float d = weightDecay != 0f ? g[i] + p[i] * weightDecay : g[i];
            if (buf != null) {
                d = first ? d : buf[i] * momentum + d;
                buf[i] = d;
            }
            p[i] = p[i] - d * lr;
        }
    }

    static void adam(float[] p, float[] g, float[] m, float[] v, float beta1, float beta2, float eps, float weightDecay,
                     float stepSize, float sqrtCorrection2, int from, int to) {
        for (int i = from; i < to; i++) {
            float gi = weightDecay != 0f ? g[i] + p[i] * weightDecay : g[i];
            m[i] = m[i] * beta1 + gi * (1f - beta1);
            v[i] = v[i] * beta2 + gi * gi * (1f - beta2);
            float denom = (float) Math.sqrt(v[i]) / sqrtCorrection2 + eps;
            p[i] = p[i] - m[i] / denom * stepSize;
        }
    }

    /** AdamW: the decoupled decay scales the parameter first; the gradient itself carries no decay. */
    static void adamW(float[] p, float[] g, float[] m, float[] v, float beta1, float beta2, float eps, float decay,
                      float stepSize, float sqrtCorrection2, int from, int to) {
        for (int i = from; i < to; i++) {
            float pi = p[i] * decay, gi = g[i];
            m[i] = m[i] * beta1 + gi * (1f - beta1);
            v[i] = v[i] * beta2 + gi * gi * (1f - beta2);
            float denom = (float) Math.sqrt(v[i]) / sqrtCorrection2 + eps;
            p[i] = pi - m[i] / denom * stepSize;
        }
    }
}

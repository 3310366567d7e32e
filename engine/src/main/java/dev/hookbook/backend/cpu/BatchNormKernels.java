package dev.hookbook.backend.cpu;

/**
 * Batch normalisation over data laid out as [N, C, L], one channel per task: two passes for
 * the statistics, one for the normalised output, two for the gradient. Each per-element
 * expression keeps the order of the unfused ops it replaces, so values match them; only the
 * sums (now in double) differ by rounding.
 */
final class BatchNormKernels {
    /** Channels per task below this many elements of work run on the calling thread. */
    private static final int MIN_WORK_PER_TASK = 1 << 14;

    private BatchNormKernels() {}

    private static int grain(int n, int l) {
        return Math.max(1, MIN_WORK_PER_TASK / Math.max(1, n * l));
    }

    /** Per channel: the mean, then the mean of squared deviations from it. */
    static void stats(float[] x, float[] mean, float[] var, int n, int c, int l) {
        int count = n * l;
        Parallel.forRange(c, grain(n, l), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    for (int j = 0; j < l; j++) s += x[row + j];
                }
                float m = (float) (s / count);
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    for (int j = 0; j < l; j++) {
                        float d = x[row + j] - m;
                        ss += d * d;
                    }
                }
                mean[ch] = m;
                var[ch] = (float) (ss / count);
            }
        });
    }

    /** y = (x - mean) * invStd * weight + bias; weight and bias may be null. */
    static void forward(float[] x, float[] y, float[] mean, float[] invStd, float[] weight, float[] bias, int n, int c, int l) {
        Parallel.forRange(c, grain(n, l), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float m = mean[ch], s = invStd[ch];
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    if (weight == null && bias == null) {
                        for (int j = 0; j < l; j++) y[row + j] = (x[row + j] - m) * s;
                    } else {
                        float w = weight == null ? 1f : weight[ch], b = bias == null ? 0f : bias[ch];
                        for (int j = 0; j < l; j++) y[row + j] = (x[row + j] - m) * s * w + b;
                    }
                }
            }
        });
    }

    /** gx, and per channel the sums of g and of g * xHat; see {@code Backend.batchNormBackward}. */
    static void backward(float[] g, float[] x, float[] mean, float[] invStd, float[] weight, boolean training,
                         float[] gx, float[] sumG, float[] sumGxHat, int n, int c, int l) {
        int count = n * l;
        Parallel.forRange(c, grain(n, l), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float m = mean[ch], s = invStd[ch];
                double sg = 0, sgx = 0;
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    for (int j = 0; j < l; j++) {
                        sg += g[row + j];
                        sgx += g[row + j] * ((x[row + j] - m) * s);
                    }
                }
                float sumOfG = (float) sg, sumOfGxHat = (float) sgx;
                sumG[ch] = sumOfG;
                sumGxHat[ch] = sumOfGxHat;
                float gain = weight == null ? s : weight[ch] * s;
                float perValue = gain / count;
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    if (training) {
                        for (int j = 0; j < l; j++) {
                            float xHat = (x[row + j] - m) * s;
                            gx[row + j] = (g[row + j] * count - sumOfG - xHat * sumOfGxHat) * perValue;
                        }
                    } else {
                        for (int j = 0; j < l; j++) gx[row + j] = g[row + j] * gain;
                    }
                }
            }
        });
    }
}

package dev.hookbook.backend.cpu;

/**
 * Batch normalisation over data laid out as [N, C, L], one channel per task: two passes for
 * the statistics, one for the normalised output, two for the gradient. Each per-element
 * expression keeps the order of the unfused ops it replaces, so values match them; only the
 * sums (now in double) differ by rounding. The per-row loops are {@link RowKernels}' (in SIMD
 * where the Vector API is present).
 */
final class BatchNormKernels {
    private static final RowKernels ROWS = RowKernels.CHOSEN;

    private BatchNormKernels() {}

    private static int grain(int n, int l) {
        return Parallel.unitsPerTask((long) n * l);
    }

    /** Per channel: the mean, then the mean of squared deviations from it. */
    static void stats(float[] x, float[] mean, float[] var, int n, int c, int l) {
        int count = n * l;
        Parallel.forRange(c, grain(n, l), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    s += ROWS.rowSum(x, row, l);
                }
                float m = (float) (s / count);
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    ss += ROWS.rowSquaredDeviations(x, row, l, m);
                }
                mean[ch] = m;
                var[ch] = (float) (ss / count);
            }
        });
    }

    /** y = (x - mean) * invStd * weight + bias; weight and bias may be null. */
    static void forward(float[] x, float[] y, float[] mean, float[] invStd, float[] weight, float[] bias, int n, int c, int l) {
        boolean affine = weight != null || bias != null;
        Parallel.forRange(c, grain(n, l), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float m = mean[ch], s = invStd[ch];
                float w = weight == null ? 1f : weight[ch], b = bias == null ? 0f : bias[ch];
                for (int i = 0; i < n; i++) ROWS.batchNormRow(x, y, (i * c + ch) * l, l, m, s, affine, w, b);
            }
        });
    }

    /** gx, and per channel the sums of g and of g * xHat; see {@code Backend.batchNormBackward}. */
    static void backward(float[] g, float[] x, float[] mean, float[] invStd, float[] weight, boolean training,
                         float[] gx, float[] sumG, float[] sumGxHat, int n, int c, int l) {
        int count = n * l;
        Parallel.forRange(c, grain(n, l), (from, to) -> {
            double[] sums = new double[2];
            for (int ch = from; ch < to; ch++) {
                float m = mean[ch], s = invStd[ch];
                sums[0] = sums[1] = 0;
                for (int i = 0; i < n; i++) ROWS.batchNormGradSums(g, x, (i * c + ch) * l, l, m, s, sums);
                float sumOfG = (float) sums[0], sumOfGxHat = (float) sums[1];
                sumG[ch] = sumOfG;
                sumGxHat[ch] = sumOfGxHat;
                float gain = weight == null ? s : weight[ch] * s;
                float perValue = gain / count;
                for (int i = 0; i < n; i++) {
                    int row = (i * c + ch) * l;
                    if (training) {
                        ROWS.batchNormInputGrad(g, x, gx, row, l, m, s, count, sumOfG, sumOfGxHat, perValue);
                    } else {
                        for (int j = 0; j < l; j++) gx[row + j] = g[row + j] * gain;
                    }
                }
            }
        });
    }
}

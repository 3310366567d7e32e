package dev.hookbook.backend.cpu;

/**
 * Layer normalisation over the rows of x [M, N], one block of rows per task: per row two passes
 * for the statistics and one for the normalised output; the gradient takes two passes per row
 * for gx and one pass down the columns for the weight's and the bias's gradients (split by
 * columns, so no two tasks add into the same sum and the result does not depend on the cores).
 */
final class LayerNormKernels {
    /** Rows (or columns) per task below this many elements of work run on the calling thread. */
    private static final int MIN_WORK_PER_TASK = 1 << 14;

    private LayerNormKernels() {}

    private static int grain(int lineLength) {
        return Math.max(1, MIN_WORK_PER_TASK / Math.max(1, lineLength));
    }

    /** mean and rstd per row, and y = (x - mean) * rstd * weight + bias; weight and bias may be null. */
    static void forward(float[] x, float[] weight, float[] bias, float eps, float[] mean, float[] rstd, float[] y, int m, int n) {
        Parallel.forRange(m, grain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                double s = 0;
                for (int j = 0; j < n; j++) s += x[row + j];
                float mu = (float) (s / n);
                double ss = 0;
                for (int j = 0; j < n; j++) {
                    float d = x[row + j] - mu;
                    ss += d * d;
                }
                float rs = (float) (1.0 / Math.sqrt((float) (ss / n) + (double) eps));
                mean[r] = mu;
                rstd[r] = rs;
                if (weight == null && bias == null) {
                    for (int j = 0; j < n; j++) y[row + j] = (x[row + j] - mu) * rs;
                } else {
                    for (int j = 0; j < n; j++) {
                        float w = weight == null ? 1f : weight[j], b = bias == null ? 0f : bias[j];
                        y[row + j] = (x[row + j] - mu) * rs * w + b;
                    }
                }
            }
        });
    }

    /** gx per row; see {@code Backend.layerNormBackward}. */
    static void inputGrad(float[] g, float[] x, float[] mean, float[] rstd, float[] weight, float[] gx, int m, int n) {
        Parallel.forRange(m, grain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                float mu = mean[r], rs = rstd[r];
                double sg = 0, sgx = 0;
                for (int j = 0; j < n; j++) {
                    float gh = weight == null ? g[row + j] : g[row + j] * weight[j];
                    sg += gh;
                    sgx += gh * ((x[row + j] - mu) * rs);
                }
                float sumOfG = (float) sg, sumOfGxHat = (float) sgx, perValue = rs / n;
                for (int j = 0; j < n; j++) {
                    float gh = weight == null ? g[row + j] : g[row + j] * weight[j];
                    float xHat = (x[row + j] - mu) * rs;
                    gx[row + j] = (gh * n - sumOfG - xHat * sumOfGxHat) * perValue;
                }
            }
        });
    }

    /** Per column: the sum over rows of g * xHat (the weight's gradient) and of g (the bias's). */
    static void parameterGrads(float[] g, float[] x, float[] mean, float[] rstd, float[] gWeight, float[] gBias, int m, int n) {
        Parallel.forRange(n, grain(m), (from, to) -> {
            for (int j = from; j < to; j++) {
                double sw = 0, sb = 0;
                for (int r = 0; r < m; r++) {
                    float gi = g[r * n + j];
                    sw += gi * ((x[r * n + j] - mean[r]) * rstd[r]);
                    sb += gi;
                }
                gWeight[j] = (float) sw;
                gBias[j] = (float) sb;
            }
        });
    }
}

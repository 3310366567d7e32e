package dev.hookbook.backend.cpu;

import java.util.Arrays;

/**
 * Layer normalisation over the rows of x [M, N], one block of rows per task: per row two passes
 * for the statistics and one for the normalised output; the gradient takes two passes per row
 * for gx and one more for the weight's and the bias's gradients (split by columns, so no two
 * tasks add into the same sum and the result does not depend on the cores). The per-row loops
 * run in SIMD ({@link VectorLayerNorm}) when the Vector API is there, else as the plain loops
 * below, which sum in double.
 */
final class LayerNormKernels {
    /** Rows per float partial sum of the vector path before it moves into the double sums. */
    private static final int ROWS_PER_PARTIAL = 64;

    private LayerNormKernels() {}

    private static int grain(int lineLength) {
        return Parallel.unitsPerTask(lineLength);
    }

    /** mean and rstd per row, and y = (x - mean) * rstd * weight + bias; weight and bias may be null. */
    static void forward(float[] x, float[] weight, float[] bias, float eps, float[] mean, float[] rstd, float[] y, int m, int n) {
        boolean simd = VectorSupport.ENABLED;
        Parallel.forRange(m, grain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                float mu = (float) ((simd ? VectorLayerNorm.sum(x, row, n) : sum(x, row, n)) / n);
                double ss = simd ? VectorLayerNorm.squaredDeviations(x, row, n, mu) : squaredDeviations(x, row, n, mu);
                float rs = (float) (1.0 / Math.sqrt((float) (ss / n) + (double) eps));
                mean[r] = mu;
                rstd[r] = rs;
                if (simd) {
                    VectorLayerNorm.normalise(x, y, row, n, mu, rs, weight, bias);
                } else {
                    normalise(x, y, row, n, mu, rs, weight, bias);
                }
            }
        });
    }

    /** gx per row; see {@code Backend.layerNormBackward}. */
    static void inputGrad(float[] g, float[] x, float[] mean, float[] rstd, float[] weight, float[] gx, int m, int n) {
        boolean simd = VectorSupport.ENABLED;
        Parallel.forRange(m, grain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                if (simd) {
                    VectorLayerNorm.inputGrad(g, x, gx, r * n, n, mean[r], rstd[r], weight);
                } else {
                    inputGrad(g, x, gx, r * n, n, mean[r], rstd[r], weight);
                }
            }
        });
    }

    /**
     * Per column: the sum over rows of g * xHat (the weight's gradient) and of g (the bias's).
     * Each task owns a block of columns and walks the rows in order, reading each row's block
     * contiguously, so every column is summed in row order whatever the number of cores.
     */
    static void parameterGrads(float[] g, float[] x, float[] mean, float[] rstd, float[] gWeight, float[] gBias, int m, int n) {
        boolean simd = VectorSupport.ENABLED;
        Parallel.forRange(n, grain(m), (from, to) -> {
            double[] sw = new double[to - from], sb = new double[to - from];
            float[] pw = new float[to - from], pb = new float[to - from];
            for (int r = 0; r < m; r++) {
                if (simd) {
                    // float lanes for a few rows at a time, then into the double sums
                    VectorLayerNorm.addParameterGrads(g, x, r * n, from, to, mean[r], rstd[r], pw, pb);
                    if ((r + 1) % ROWS_PER_PARTIAL == 0 || r == m - 1) {
                        for (int j = 0; j < pw.length; j++) {
                            sw[j] += pw[j];
                            sb[j] += pb[j];
                        }
                        Arrays.fill(pw, 0f);
                        Arrays.fill(pb, 0f);
                    }
                } else {
                    addParameterGrads(g, x, r * n, from, to, mean[r], rstd[r], sw, sb);
                }
            }
            for (int j = from; j < to; j++) {
                gWeight[j] = (float) sw[j - from];
                gBias[j] = (float) sb[j - from];
            }
        });
    }

    // ------------------------------------------------------------------ the plain per-row loops

    static double sum(float[] x, int off, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += x[off + j];
        return s;
    }

    static double squaredDeviations(float[] x, int off, int n, float mu) {
        double ss = 0;
        for (int j = 0; j < n; j++) {
            float d = x[off + j] - mu;
            ss += d * d;
        }
        return ss;
    }

    static void normalise(float[] x, float[] y, int off, int n, float mu, float rs, float[] weight, float[] bias) {
        for (int j = 0; j < n; j++) {
            float v = (x[off + j] - mu) * rs;
            if (weight != null) v *= weight[j];
            if (bias != null) v += bias[j];
            y[off + j] = v;
        }
    }

    static void inputGrad(float[] g, float[] x, float[] gx, int off, int n, float mu, float rs, float[] weight) {
        double sg = 0, sgx = 0;
        for (int j = 0; j < n; j++) {
            float gh = weight == null ? g[off + j] : g[off + j] * weight[j];
            sg += gh;
            sgx += gh * ((x[off + j] - mu) * rs);
        }
        float sumOfG = (float) sg, sumOfGxHat = (float) sgx, perValue = rs / n;
        for (int j = 0; j < n; j++) {
            float gh = weight == null ? g[off + j] : g[off + j] * weight[j];
            float xHat = (x[off + j] - mu) * rs;
            gx[off + j] = (gh * n - sumOfG - xHat * sumOfGxHat) * perValue;
        }
    }

    static void addParameterGrads(float[] g, float[] x, int row, int from, int to, float mu, float rs, double[] sw, double[] sb) {
        for (int j = from; j < to; j++) {
            float gi = g[row + j];
            sw[j - from] += gi * ((x[row + j] - mu) * rs);
            sb[j - from] += gi;
        }
    }
}

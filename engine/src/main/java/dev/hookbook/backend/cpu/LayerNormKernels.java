package dev.hookbook.backend.cpu;

/**
 * Layer normalisation over the rows of x [M, N], one block of rows per task: per row two passes
 * for the statistics and one for the normalised output; the gradient takes two passes per row
 * for gx and one more for the weight's and the bias's gradients (split by columns, so no two
 * tasks add into the same sum and the result does not depend on the cores). The per-row loops
 * are {@link RowKernels}' (in SIMD where the Vector API is there).
 */
final class LayerNormKernels {
    private static final RowKernels ROWS = RowKernels.CHOSEN;

    private LayerNormKernels() {}

    private static int grain(int lineLength) {
        return Parallel.unitsPerTask(lineLength);
    }

    /** mean and rstd per row, and y = (x - mean) * rstd * weight + bias; weight and bias may be null. */
    static void forward(float[] x, float[] weight, float[] bias, float eps, float[] mean, float[] rstd, float[] y, int m, int n) {
        Parallel.forRange(m, grain(n), (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                float mu = (float) (ROWS.rowSum(x, row, n) / n);
                double ss = ROWS.rowSquaredDeviations(x, row, n, mu);
                float rs = (float) (1.0 / Math.sqrt((float) (ss / n) + (double) eps));
                mean[r] = mu;
                rstd[r] = rs;
                ROWS.layerNormRow(x, y, row, n, mu, rs, weight, bias);
            }
        });
    }

    /** gx per row; see {@code Backend.layerNormBackward}. */
    static void inputGrad(float[] g, float[] x, float[] mean, float[] rstd, float[] weight, float[] gx, int m, int n) {
        Parallel.forRange(m, grain(n), (from, to) -> {
            for (int r = from; r < to; r++) ROWS.layerNormInputGrad(g, x, gx, r * n, n, mean[r], rstd[r], weight);
        });
    }

    /**
     * Per column: the sum over rows of g * xHat (the weight's gradient) and of g (the bias's).
     * Each task owns a block of columns and walks the rows in order, reading each row's block
     * contiguously, so every column is summed in row order whatever the number of cores.
     */
    static void parameterGrads(float[] g, float[] x, float[] mean, float[] rstd, float[] gWeight, float[] gBias, int m, int n) {
        Parallel.forRange(n, grain(m), (from, to) -> {
            double[] sw = new double[to - from], sb = new double[to - from];
            ROWS.layerNormParameterGrads(g, x, mean, rstd, m, n, from, to, sw, sb);
            for (int j = from; j < to; j++) {
                gWeight[j] = (float) sw[j - from];
                gBias[j] = (float) sb[j - from];
            }
        });
    }
}

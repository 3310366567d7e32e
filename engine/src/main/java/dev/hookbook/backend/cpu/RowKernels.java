package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.UnaryOp;

/**
 * The per-row loops that the CPU kernels run in SIMD where the JDK's Vector API is present:
 * {@link ScalarRows} as plain Java, {@link VectorRows} in explicit SIMD. {@link #CHOSEN} picks
 * one when this loads, so the kernels that call these loops ({@link LayerNormKernels},
 * {@link BatchNormKernels}, {@link BinaryKernels}, {@link UnaryKernels}) never ask again. Both
 * give the same values up to the rounding of the sums (the vector sums add float lanes before
 * they move into doubles); each keeps its order from call to call.
 */
interface RowKernels {

    /** The Vector API's loops where the JVM has the module, else the plain ones. */
    RowKernels CHOSEN = choose();

    private static RowKernels choose() {
        if (VectorSupport.ENABLED) return new VectorRows(); // loads the Vector API's classes only here
        return new ScalarRows();
    }

    // ------------------------------------------------------------------ statistics of a row

    /** The sum of x[off .. off + n). */
    double rowSum(float[] x, int off, int n);

    /** The sum of (x - mu)^2 over x[off .. off + n). */
    double rowSquaredDeviations(float[] x, int off, int n, float mu);

    // ------------------------------------------------------------------ layer norm

    /** y = (x - mu) * rs * weight + bias over one row; weight and bias may be null. */
    void layerNormRow(float[] x, float[] y, int off, int n, float mu, float rs, float[] weight, float[] bias);

    /** gx of one row; see {@code Backend.layerNormBackward}. */
    void layerNormInputGrad(float[] g, float[] x, float[] gx, int off, int n, float mu, float rs, float[] weight);

    /**
     * For the columns [from, to) of every row of x [m, n]: adds the sums over rows of g * xHat
     * into {@code sw[j - from]} and of g into {@code sb[j - from]}, the rows in order.
     */
    void layerNormParameterGrads(float[] g, float[] x, float[] mean, float[] rstd, int m, int n, int from, int to,
                                 double[] sw, double[] sb);

    // ------------------------------------------------------------------ batch norm

    /** y = (x - m) * s * w + b over x[off .. off + n), or (x - m) * s without the affine part. */
    void batchNormRow(float[] x, float[] y, int off, int n, float m, float s, boolean affine, float w, float b);

    /** Adds the row's sum of g to sums[0] and of g * (x - m) * s to sums[1]. */
    void batchNormGradSums(float[] g, float[] x, int off, int n, float m, float s, double[] sums);

    /** gx = (g * count - sumOfG - (x - m) * s * sumOfGxHat) * perValue over one row: the training-mode input gradient. */
    void batchNormInputGrad(float[] g, float[] x, float[] gx, int off, int n, float m, float s,
                            float count, float sumOfG, float sumOfGxHat, float perValue);

    // ------------------------------------------------------------------ element-wise rows

    /** One row of a broadcasting op: o[oi + i] = a[ai + i * as] op b[bi + i * bs], i in [0, n). */
    void binaryRow(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n);

    /** o[oi + i] += x[xi + i] for i in [0, n): a row of a sum. */
    void accumulate(float[] x, int xi, float[] o, int oi, int n);

    /** o[i] = in[i] > 0 ? 1 : 0 over [from, to) (0 for NaN): the gradient mask of ReLU. */
    void step(float[] in, float[] o, int from, int to);

    /** erf, GELU or GELU's derivative ({@code op} is one of those) over [from, to). */
    void erfFamily(UnaryOp op, float[] in, float[] o, int from, int to);
}

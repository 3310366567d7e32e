package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The per-row loops in explicit SIMD through the JDK's Vector API ({@link VectorLayerNorm},
 * {@link VectorBatchNorm}, {@link VectorKernels}, {@link VectorErf}); loops with no vector form
 * here, and rows too short to gain from one, stay {@link ScalarRows}' plain ones. A row's sums
 * run in vector lanes, each lane holding at most {@link #BLOCK} values before it is added into a
 * double, so they stay close to the plain loops' double sums (the lanes in lane order, see
 * {@link LaneSums}, so the result is the same compiled or not); element-wise expressions keep the
 * plain loops' order (no fused multiply-add). Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorRows extends ScalarRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Vectors summed in float lanes before the partial sum moves into a double. */
    static final int BLOCK = 16;
    /** Rows per float partial sum of layer norm's parameter gradients before it moves into the double sums. */
    private static final int ROWS_PER_PARTIAL = 64;
    /** Rows shorter than this (an 8x8 image's) gain nothing from vectors when summed. */
    private static final int SHORTEST_VECTOR_SUM = 32;

    @Override
    public double rowSum(float[] x, int off, int n) {
        double total = 0;
        int i = 0, bound = S.loopBound(n);
        while (i < bound) {
            FloatVector acc = FloatVector.zero(S);
            for (int k = 0; k < BLOCK && i < bound; k++, i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, off + i));
            total += LaneSums.inLaneOrder(acc);
        }
        for (; i < n; i++) total += x[off + i];
        return total;
    }

    @Override
    public double rowSquaredDeviations(float[] x, int off, int n, float mu) {
        double total = 0;
        int i = 0, bound = S.loopBound(n);
        FloatVector m = FloatVector.broadcast(S, mu);
        while (i < bound) {
            FloatVector acc = FloatVector.zero(S);
            for (int k = 0; k < BLOCK && i < bound; k++, i += S.length()) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(m);
                acc = acc.add(d.mul(d));
            }
            total += LaneSums.inLaneOrder(acc);
        }
        for (; i < n; i++) {
            float d = x[off + i] - mu;
            total += d * d;
        }
        return total;
    }

    @Override
    public void layerNormRow(float[] x, float[] y, int off, int n, float mu, float rs, float[] weight, float[] bias) {
        VectorLayerNorm.normalise(x, y, off, n, mu, rs, weight, bias);
    }

    @Override
    public void layerNormInputGrad(float[] g, float[] x, float[] gx, int off, int n, float mu, float rs, float[] weight) {
        VectorLayerNorm.inputGrad(g, x, gx, off, n, mu, rs, weight);
    }

    /** Float lanes for {@link #ROWS_PER_PARTIAL} rows at a time, then into the double sums. */
    @Override
    public void layerNormParameterGrads(float[] g, float[] x, float[] mean, float[] rstd, int m, int n, int from, int to,
                                        double[] sw, double[] sb) {
        float[] pw = new float[to - from], pb = new float[to - from];
        for (int r = 0; r < m; r++) {
            VectorLayerNorm.addParameterGrads(g, x, r * n, from, to, mean[r], rstd[r], pw, pb);
            if ((r + 1) % ROWS_PER_PARTIAL == 0 || r == m - 1) {
                for (int j = 0; j < pw.length; j++) {
                    sw[j] += pw[j];
                    sb[j] += pb[j];
                }
                Arrays.fill(pw, 0f);
                Arrays.fill(pb, 0f);
            }
        }
    }

    @Override
    public void batchNormRow(float[] x, float[] y, int off, int n, float m, float s, boolean affine, float w, float b) {
        VectorBatchNorm.normalise(x, y, off, n, m, s, affine, w, b);
    }

    @Override
    public void batchNormGradSums(float[] g, float[] x, int off, int n, float m, float s, double[] sums) {
        VectorBatchNorm.gradSums(g, x, off, n, m, s, sums);
    }

    @Override
    public void batchNormInputGrad(float[] g, float[] x, float[] gx, int off, int n, float m, float s,
                                   float count, float sumOfG, float sumOfGxHat, float perValue) {
        VectorBatchNorm.inputGrad(g, x, gx, off, n, m, s, count, sumOfG, sumOfGxHat, perValue);
    }

    /** Rows whose a is dense and whose b is dense or one value, of the four arithmetic ops. */
    @Override
    public void binaryRow(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
        if (as == 1 && (bs == 1 || bs == 0) && VectorKernels.row(op, a, ai, b, bi, bs, o, oi, n)) return;
        super.binaryRow(op, a, ai, as, b, bi, bs, o, oi, n);
    }

    @Override
    public void accumulate(float[] x, int xi, float[] o, int oi, int n) {
        if (n < SHORTEST_VECTOR_SUM) {
            super.accumulate(x, xi, o, oi, n);
            return;
        }
        VectorKernels.accumulate(x, xi, o, oi, n);
    }

    /** A compare-and-blend: a branch would be mispredicted on about every other element. */
    @Override
    public void step(float[] in, float[] o, int from, int to) {
        VectorKernels.step(in, o, from, to);
    }

    @Override
    public void erfFamily(UnaryOp op, float[] in, float[] o, int from, int to) {
        switch (op) {
            case ERF -> VectorErf.erf(in, o, from, to);
            case GELU -> VectorErf.gelu(in, o, from, to);
            default -> VectorErf.geluGrad(in, o, from, to);
        }
    }
}

package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.UnaryOp;

/**
 * The per-row loops as plain Java, for a JVM without the Vector API: sums in double, one
 * element at a time. {@link VectorRows} replaces the loops it runs in SIMD and keeps the rest.
 */
class ScalarRows implements RowKernels {

    @Override
    public double rowSum(float[] x, int off, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += x[off + j];
        return s;
    }

    @Override
    public double rowSquaredDeviations(float[] x, int off, int n, float mu) {
        double ss = 0;
        for (int j = 0; j < n; j++) {
            float d = x[off + j] - mu;
            ss += d * d;
        }
        return ss;
    }

    @Override
    public void layerNormRow(float[] x, float[] y, int off, int n, float mu, float rs, float[] weight, float[] bias) {
        for (int j = 0; j < n; j++) {
            float v = (x[off + j] - mu) * rs;
            if (weight != null) v *= weight[j];
            if (bias != null) v += bias[j];
            y[off + j] = v;
        }
    }

    @Override
    public void layerNormInputGrad(float[] g, float[] x, float[] gx, int off, int n, float mu, float rs, float[] weight) {
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

    @Override
    public void layerNormParameterGrads(float[] g, float[] x, float[] mean, float[] rstd, int m, int n, int from, int to,
                                        double[] sw, double[] sb) {
        for (int r = 0; r < m; r++) {
            int row = r * n;
            float mu = mean[r], rs = rstd[r];
            for (int j = from; j < to; j++) {
                float gi = g[row + j];
                sw[j - from] += gi * ((x[row + j] - mu) * rs);
                sb[j - from] += gi;
            }
        }
    }

    @Override
    public void batchNormRow(float[] x, float[] y, int off, int n, float m, float s, boolean affine, float w, float b) {
        if (!affine) {
            for (int j = 0; j < n; j++) y[off + j] = (x[off + j] - m) * s;
        } else {
            for (int j = 0; j < n; j++) y[off + j] = (x[off + j] - m) * s * w + b;
        }
    }

    @Override
    public void batchNormGradSums(float[] g, float[] x, int off, int n, float m, float s, double[] sums) {
        for (int j = 0; j < n; j++) {
            sums[0] += g[off + j];
            sums[1] += g[off + j] * ((x[off + j] - m) * s);
        }
    }

    @Override
    public void batchNormInputGrad(float[] g, float[] x, float[] gx, int off, int n, float m, float s,
                                   float count, float sumOfG, float sumOfGxHat, float perValue) {
        for (int j = 0; j < n; j++) {
            float xHat = (x[off + j] - m) * s;
            gx[off + j] = (g[off + j] * count - sumOfG - xHat * sumOfGxHat) * perValue;
        }
    }

    @Override
    public void binaryRow(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
        BinaryKernels.scalarRow(op, a, ai, as, b, bi, bs, o, oi, n);
    }

    @Override
    public void accumulate(float[] x, int xi, float[] o, int oi, int n) {
        for (int i = 0; i < n; i++) o[oi + i] += x[xi + i];
    }

    @Override
    public void step(float[] in, float[] o, int from, int to) {
        for (int i = from; i < to; i++) o[i] = in[i] > 0f ? 1f : 0f;
    }

    @Override
    public void erfFamily(UnaryOp op, float[] in, float[] o, int from, int to) {
        switch (op) {
            case ERF -> { for (int i = from; i < to; i++) o[i] = Erf.erf(in[i]); }
            case GELU -> { for (int i = from; i < to; i++) o[i] = Erf.gelu(in[i]); }
            default -> { for (int i = from; i < to; i++) o[i] = Erf.geluGrad(in[i]); }
        }
    }
}

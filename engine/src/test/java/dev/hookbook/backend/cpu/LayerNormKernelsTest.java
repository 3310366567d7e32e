package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.hookbook.tensor.TensorAsserts.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The layer-norm kernels against the textbook formulas worked out in double, and the SIMD row
 * loops against the plain ones over row lengths with and without a tail.
 */
class LayerNormKernelsTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    private static float[] randn(int n, long seed, float shift) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() + shift;
        return v;
    }

    @Test
    void forwardAndBackwardAreTheTextbookFormulas() {
        int m = 5, n = 70;
        // an offset far from zero: a one-pass sum of squares would lose the variance here
        float[] x = randn(m * n, 1, 300f), w = randn(n, 2, 0f), b = randn(n, 3, 0f), g = randn(m * n, 4, 0f);
        Tensor[] fwd = CPU.layerNormForward(Tensor.of(x, m, n), Tensor.of(w, n), Tensor.of(b, n), 1e-5f);
        Tensor[] bwd = CPU.layerNormBackward(Tensor.of(g, m, n), Tensor.of(x, m, n), fwd[0], fwd[1], Tensor.of(w, n));
        float[] y = new float[m * n], gx = new float[m * n], gw = new float[n], gb = new float[n];
        for (int r = 0; r < m; r++) {
            double mean = 0, var = 0;
            for (int j = 0; j < n; j++) mean += x[r * n + j] / (double) n;
            for (int j = 0; j < n; j++) var += (x[r * n + j] - mean) * (x[r * n + j] - mean) / n;
            double rs = 1 / Math.sqrt(var + 1e-5);
            assertEquals(mean, fwd[0].toFloatArray()[r], 1e-4);
            assertEquals(rs, fwd[1].toFloatArray()[r], 1e-5 * rs);
            double sg = 0, sgx = 0;
            for (int j = 0; j < n; j++) {
                double xHat = (x[r * n + j] - mean) * rs, gh = g[r * n + j] * (double) w[j];
                y[r * n + j] = (float) (xHat * w[j] + b[j]);
                sg += gh;
                sgx += gh * xHat;
                gw[j] += (float) (g[r * n + j] * xHat);
                gb[j] += g[r * n + j];
            }
            for (int j = 0; j < n; j++) {
                double xHat = (x[r * n + j] - mean) * rs, gh = g[r * n + j] * (double) w[j];
                gx[r * n + j] = (float) (rs / n * (n * gh - sg - xHat * sgx));
            }
        }
        assertValues(y, fwd[2].toFloatArray(), 1e-3);
        assertValues(gx, bwd[0].toFloatArray(), 1e-3);
        assertValues(gw, bwd[1].toFloatArray(), 1e-4);
        assertValues(gb, bwd[2].toFloatArray(), 1e-5);
    }

    @Test
    void simdRowLoopsAgreeWithThePlainOnes() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
        RowKernels plainRows = new ScalarRows(), simdRows = new VectorRows();
        for (int n : new int[]{1, 7, 16, 37, 256, 1000}) {
            float[] x = randn(n, n, 2f), g = randn(n, n + 1, 0f), w = randn(n, n + 2, 1f), b = randn(n, n + 3, 0f);
            double sum = plainRows.rowSum(x, 0, n);
            assertEquals(sum, simdRows.rowSum(x, 0, n), 1e-5 * Math.max(1, Math.abs(sum)), "sum, n = " + n);
            float mu = (float) (sum / n), rs = 0.7f;
            double ss = plainRows.rowSquaredDeviations(x, 0, n, mu);
            assertEquals(ss, simdRows.rowSquaredDeviations(x, 0, n, mu), 1e-5 * Math.max(1, ss), "squares, n = " + n);

            float[] plain = new float[n], simd = new float[n];
            plainRows.layerNormRow(x, plain, 0, n, mu, rs, w, b);
            simdRows.layerNormRow(x, simd, 0, n, mu, rs, w, b);
            assertValues(plain, simd, 0);
            plainRows.layerNormInputGrad(g, x, plain, 0, n, mu, rs, w);
            simdRows.layerNormInputGrad(g, x, simd, 0, n, mu, rs, w);
            assertValues(plain, simd, 1e-5);

            double[] sw = new double[n], sb = new double[n];
            float[] pw = new float[n], pb = new float[n];
            plainRows.layerNormParameterGrads(g, x, new float[]{mu}, new float[]{rs}, 1, n, 0, n, sw, sb);
            VectorLayerNorm.addParameterGrads(g, x, 0, 0, n, mu, rs, pw, pb);
            for (int j = 0; j < n; j++) {
                assertEquals((float) sw[j], pw[j], "weight grad " + j + ", n = " + n);
                assertEquals((float) sb[j], pb[j], "bias grad " + j + ", n = " + n);
            }
        }
    }
}

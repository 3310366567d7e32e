package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.hookbook.tensor.TensorAsserts.assertValues;

/**
 * The fused batch-norm kernels against the textbook formulas, worked out in double, for planes of
 * L values shorter than a vector, one vector, and several vectors with a scalar rest (the SIMD
 * rows of {@link VectorBatchNorm}).
 */
class BatchNormKernelsTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;
    private static final int N = 6, C = 3;
    private static final int[] PLANES = {10, 16, 37, 64};

    private static float[] randn(int n, long seed, float shift) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() + shift;
        return v;
    }

    private static double at(float[] v, int i, int c, int j, int l) {
        return v[(i * C + c) * l + j];
    }

    @Test
    void statsAreTheMeanAndTheBiasedVariance() {
        for (int l : PLANES) stats(l);
    }

    private static void stats(int L) {
        int M = N * L;
        // an offset far from zero: a one-pass sum of squares would lose the variance here
        float[] x = randn(N * C * L, 1, 1000f);
        Tensor[] stats = CPU.batchNormStats(Tensor.of(x, N, C, L));
        float[] mean = new float[C], var = new float[C];
        for (int c = 0; c < C; c++) {
            double s = 0, ss = 0;
            for (int i = 0; i < N; i++) for (int j = 0; j < L; j++) s += at(x, i, c, j, L);
            double m = s / M;
            for (int i = 0; i < N; i++) for (int j = 0; j < L; j++) ss += (at(x, i, c, j, L) - m) * (at(x, i, c, j, L) - m);
            mean[c] = (float) m;
            var[c] = (float) (ss / M);
        }
        assertValues(mean, stats[0].toFloatArray(), 1e-4);
        assertValues(var, stats[1].toFloatArray(), 1e-3);
    }

    @Test
    void forwardAndBackwardMatchTheFormulas() {
        for (int l : PLANES) forwardAndBackward(l);
    }

    private static void forwardAndBackward(int L) {
        int M = N * L;
        float[] x = randn(N * C * L, 2, 0.5f), g = randn(N * C * L, 3, 0f);
        float[] mean = {0.1f, -0.2f, 0.3f}, invStd = {1.5f, 0.8f, 2f}, w = {0.5f, -1f, 2f}, b = {0f, 0.25f, -3f};
        Tensor xt = Tensor.of(x, N, C, L), gt = Tensor.of(g, N, C, L);
        Tensor y = CPU.batchNormForward(xt, Tensor.of(mean, C), Tensor.of(invStd, C), Tensor.of(w, C), Tensor.of(b, C));
        Tensor plain = CPU.batchNormForward(xt, Tensor.of(mean, C), Tensor.of(invStd, C), null, null);
        float[] wantY = new float[x.length], wantPlain = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = (i / L) % C;
            double xHat = (x[i] - mean[c]) * invStd[c];
            wantY[i] = (float) (xHat * w[c] + b[c]);
            wantPlain[i] = (float) xHat;
        }
        assertValues(wantY, y.toFloatArray(), 1e-5);
        assertValues(wantPlain, plain.toFloatArray(), 1e-5);

        for (boolean training : new boolean[]{true, false}) {
            Tensor[] got = CPU.batchNormBackward(gt, xt, Tensor.of(mean, C), Tensor.of(invStd, C), Tensor.of(w, C), training);
            float[] sumG = new float[C], sumGxHat = new float[C], gx = new float[x.length];
            for (int c = 0; c < C; c++) {
                double sg = 0, sgx = 0;
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < L; j++) {
                        sg += at(g, i, c, j, L);
                        sgx += at(g, i, c, j, L) * (at(x, i, c, j, L) - mean[c]) * invStd[c];
                    }
                }
                sumG[c] = (float) sg;
                sumGxHat[c] = (float) sgx;
                double gain = (double) w[c] * invStd[c];
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < L; j++) {
                        double xHat = (at(x, i, c, j, L) - mean[c]) * invStd[c];
                        gx[(i * C + c) * L + j] = (float) (training
                                ? gain / M * (M * at(g, i, c, j, L) - sg - xHat * sgx)
                                : gain * at(g, i, c, j, L));
                    }
                }
            }
            assertValues(gx, got[0].toFloatArray(), 1e-4);
            assertValues(sumG, got[1].toFloatArray(), 1e-4);
            assertValues(sumGxHat, got[2].toFloatArray(), 1e-4);
        }
    }
}

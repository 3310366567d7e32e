package dev.hookbook.backend.cpu;

import static dev.hookbook.tensor.TensorAsserts.assertValues;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blocked, multi-threaded kernel against a naive triple loop, including batch stride 0. */
class GemmTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextFloat() * 2 - 1;
        }
        return d;
    }

    private static float[] naive(float[] a, int aStride, float[] b, int bStride, int batch, int m, int n, int k) {
        float[] c = new float[batch * m * n];
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (double) a[t * aStride + i * k + p] * b[t * bStride + p * n + j];
                    }
                    c[(t * m + i) * n + j] = (float) s;
                }
            }
        }
        return c;
    }

    private static void check(int batch, boolean shareA, boolean shareB, int m, int n, int k) {
        float[] a = random((shareA ? 1 : batch) * m * k, m + 7L * k);
        float[] b = random((shareB ? 1 : batch) * k * n, n + 13L * k);
        int as = shareA ? 0 : m * k, bs = shareB ? 0 : k * n;
        float[] c = new float[batch * m * n];
        Gemm.batched(a, as, b, bs, c, batch, m, n, k);
        assertValues(naive(a, as, b, bs, batch, m, n, k), c, 1e-5 * Math.sqrt(k) * 4);
    }

    @Test
    void singleMatrixAcrossBlocks() {
        check(1, false, false, 5, 1030, 300);
        check(1, false, false, 70, 40, 513);
        check(1, false, false, 1, 1, 1);
    }

    @Test
    void manyRowsSplitOverThreads() {
        check(1, false, false, 300, 64, 64);
    }

    @Test
    void batchesWithOwnAndSharedOperands() {
        check(6, false, false, 9, 11, 13);
        check(6, true, false, 9, 11, 13);
        check(6, false, true, 9, 11, 13);
        check(33, false, false, 31, 17, 29);
    }
}

package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookbook.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** matmul against a naive triple loop, for every operand layout PyTorch's matmul accepts. */
class MatmulTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return d;
    }

    /** C = A B for row-major A [m, k] at aOff and B [k, n] at bOff, summed in double. */
    private static float[] naive(float[] a, int aOff, float[] b, int bOff, int m, int k, int n) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                }
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    private static void check2d(int m, int k, int n) {
        float[] a = random(m * k, m * 31L + k), b = random(k * n, n * 17L + k);
        Tensor c = Tensor.of(a, m, k).matmul(Tensor.of(b, k, n));
        // float32 sums of k products: allow a few ulps per term relative to sqrt(k)
        assertTensor(naive(a, 0, b, 0, m, k, n), shape(m, n), c, 1e-5 * Math.sqrt(k) * 4);
    }

    @Test
    void smallByHand() {
        Tensor a = Tensor.of(values(1, 2, 3, 4, 5, 6), 2, 3);
        Tensor b = Tensor.of(values(7, 8, 9, 10, 11, 12), 3, 2);
        assertTensor(values(58, 64, 139, 154), shape(2, 2), a.matmul(b));
        assertTensor(values(39, 54, 69, 49, 68, 87, 59, 82, 105), shape(3, 3), b.matmul(a));
    }

    @Test
    void twoDimSizes() {
        check2d(1, 1, 1);
        check2d(3, 5, 2);
        check2d(17, 33, 9);
        check2d(64, 64, 64);
        check2d(1, 300, 1);
    }

    @Test
    void largeSizesCrossTheBlockAndThreadBoundaries() {
        // K above the 256 block, N above the 1024 block, M large enough to be split across threads
        check2d(13, 520, 1100);
        check2d(150, 300, 90);
        check2d(257, 129, 33);
    }

    @Test
    void zerosInTheLeftOperandAreHandled() {
        float[] a = random(40 * 50, 3);
        for (int i = 0; i < a.length; i += 3) {
            a[i] = 0f;
        }
        float[] b = random(50 * 30, 4);
        assertTensor(naive(a, 0, b, 0, 40, 50, 30), shape(40, 30), Tensor.of(a, 40, 50).matmul(Tensor.of(b, 50, 30)), 1e-4);
    }

    @Test
    void transposedOperandsAreReadThroughTheirStrides() {
        float[] a = random(6 * 4, 5), b = random(6 * 3, 6);
        // A^T B with A [6, 4]: build A^T explicitly as the reference
        float[] at = new float[24];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                at[j * 6 + i] = a[i * 4 + j];
            }
        }
        Tensor c = Tensor.of(a, 6, 4).transpose(0, 1).matmul(Tensor.of(b, 6, 3));
        assertTensor(naive(at, 0, b, 0, 4, 6, 3), shape(4, 3), c, 1e-5);
    }

    @Test
    void batched() {
        int batch = 3, m = 4, k = 5, n = 6;
        float[] a = random(batch * m * k, 7), b = random(batch * k * n, 8);
        float[] expected = new float[batch * m * n];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(naive(a, i * m * k, b, i * k * n, m, k, n), 0, expected, i * m * n, m * n);
        }
        assertTensor(expected, shape(batch, m, n), Tensor.of(a, batch, m, k).matmul(Tensor.of(b, batch, k, n)), 1e-5);
    }

    @Test
    void batchedLargeWithManySmallMatrices() {
        int batch = 40, m = 20, k = 30, n = 25;
        float[] a = random(batch * m * k, 9), b = random(batch * k * n, 10);
        float[] expected = new float[batch * m * n];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(naive(a, i * m * k, b, i * k * n, m, k, n), 0, expected, i * m * n, m * n);
        }
        assertTensor(expected, shape(batch, m, n), Tensor.of(a, batch, m, k).matmul(Tensor.of(b, batch, k, n)), 1e-4);
    }

    @Test
    void batchDimsBroadcast() {
        // [2, 1, 3, 4] @ [5, 4, 2] -> [2, 5, 3, 2]
        float[] a = random(2 * 3 * 4, 11), b = random(5 * 4 * 2, 12);
        float[] expected = new float[2 * 5 * 3 * 2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                System.arraycopy(naive(a, i * 12, b, j * 8, 3, 4, 2), 0, expected, (i * 5 + j) * 6, 6);
            }
        }
        assertTensor(expected, shape(2, 5, 3, 2), Tensor.of(a, 2, 1, 3, 4).matmul(Tensor.of(b, 5, 4, 2)), 1e-5);
    }

    @Test
    void twoDimOperandBroadcastsOverTheOthersBatch() {
        float[] a = random(3 * 4, 13), b = random(2 * 4 * 5, 14);
        float[] expected = new float[2 * 3 * 5];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(naive(a, 0, b, i * 20, 3, 4, 5), 0, expected, i * 15, 15);
        }
        assertTensor(expected, shape(2, 3, 5), Tensor.of(a, 3, 4).matmul(Tensor.of(b, 2, 4, 5)), 1e-5);
        float[] c = random(2 * 3 * 4, 15), d = random(4 * 5, 16);
        float[] expected2 = new float[2 * 3 * 5];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(naive(c, i * 12, d, 0, 3, 4, 5), 0, expected2, i * 15, 15);
        }
        assertTensor(expected2, shape(2, 3, 5), Tensor.of(c, 2, 3, 4).matmul(Tensor.of(d, 4, 5)), 1e-5);
    }

    @Test
    void oneDimOperands() {
        Tensor m = Tensor.of(values(1, 2, 3, 4, 5, 6), 2, 3);
        Tensor v3 = Tensor.of(values(1, 0, -1), 3);
        Tensor v2 = Tensor.of(values(2, -1), 2);
        // matrix @ vector: [2, 3] @ [3] -> [2]
        assertTensor(values(-2, -2), shape(2), m.matmul(v3));
        // vector @ matrix: [2] @ [2, 3] -> [3]
        assertTensor(values(-2, -1, 0), shape(3), v2.matmul(m));
        // vector @ vector: the dot product, 0-dim
        assertTensor(values(-2), shape(), v3.matmul(Tensor.of(values(1, 2, 3), 3)));
        // batched matrix @ vector: [2, 2, 3] @ [3] -> [2, 2]
        Tensor b = Tensor.of(values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 2, 2, 3);
        assertTensor(values(-2, -2, -2, -2), shape(2, 2), b.matmul(v3));
        // vector @ batched matrix: [3] @ [2, 3, 2] -> [2, 2]
        Tensor c = Tensor.of(values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 2, 3, 2);
        assertTensor(values(-4, -4, -4, -4), shape(2, 2), v3.matmul(c));
    }

    @Test
    void emptyInnerDimGivesZeros() {
        assertTensor(new float[6], shape(2, 3), Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 3)));
    }

    @Test
    void innerSizesMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3).matmul(Tensor.ones(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(3).matmul(Tensor.ones(4)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 2, 3).matmul(Tensor.ones(3, 3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(2).matmul(Tensor.ones(2)));
    }

    @Test
    void resultShapes() {
        assertArrayEquals(shape(7, 2, 4), Tensor.ones(7, 2, 3).matmul(Tensor.ones(1, 3, 4)).shape());
        assertArrayEquals(shape(2, 7, 4), Tensor.ones(2, 1, 5, 3).matmul(Tensor.ones(7, 3, 4)).sum(2, false).shape());
        assertEquals(3f * 8, Tensor.ones(2, 3).matmul(Tensor.ones(3, 8)).sum(1, false).toFloatArray()[0]);
    }

    @Test
    void aZeroTimesInfinityIsNaNAsInPyTorch() {
        // torch.tensor([[0., 1.]]) @ torch.tensor([[inf], [1.]]) is nan: every term is multiplied.
        Tensor a = Tensor.of(new float[]{0, 1}, 1, 2);
        Tensor b = Tensor.of(new float[]{Float.POSITIVE_INFINITY, 1}, 2, 1);
        org.junit.jupiter.api.Assertions.assertTrue(Float.isNaN(a.matmul(b).item()));
    }
}

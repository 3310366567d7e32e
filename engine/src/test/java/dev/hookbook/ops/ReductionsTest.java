package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.range;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Reductions along a dim, against sums written out over indices. */
class ReductionsTest {
    /** x[i][j][k] = (i*3 + j)*4 + k for shape [2, 3, 4]. */
    private static Tensor t234() {
        return Tensor.of(range(24, 1, 0), 2, 3, 4);
    }

    private static float v(int i, int j, int k) {
        return (i * 3 + j) * 4 + k;
    }

    @Test
    void sumAllAndMeanAll() {
        assertTensor(values(276), shape(), t234().sum());
        assertTensor(values(11.5f), shape(), t234().mean());
        assertTensor(values(3), shape(), Tensor.scalar(3).sum());
        assertTensor(values(0), shape(), Tensor.zeros(0, 2).sum());
    }

    @Test
    void sumAlongEachDimWithAndWithoutKeepDim() {
        float[] d0 = new float[12], d1 = new float[8], d2 = new float[6];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    d0[j * 4 + k] += v(i, j, k);
                    d1[i * 4 + k] += v(i, j, k);
                    d2[i * 3 + j] += v(i, j, k);
                }
            }
        }
        assertTensor(d0, shape(3, 4), t234().sum(0, false));
        assertTensor(d0, shape(1, 3, 4), t234().sum(0, true));
        assertTensor(d1, shape(2, 4), t234().sum(1, false));
        assertTensor(d1, shape(2, 1, 4), t234().sum(1, true));
        assertTensor(d2, shape(2, 3), t234().sum(2, false));
        assertTensor(d2, shape(2, 3, 1), t234().sum(-1, true));
        assertTensor(d1, shape(2, 4), t234().sum(-2, false));
        assertTensor(d0, shape(3, 4), t234().sum(-3, false));
    }

    @Test
    void meanAlongDims() {
        float[] m1 = new float[8];
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                m1[i * 4 + k] = (v(i, 0, k) + v(i, 1, k) + v(i, 2, k)) / 3f;
            }
        }
        assertTensor(m1, shape(2, 4), t234().mean(1, false), 1e-6);
        assertTensor(m1, shape(2, 1, 4), t234().mean(-2, true), 1e-6);
        assertTensor(values(1.5f, 5.5f), shape(2), Tensor.of(range(8, 1, 0), 2, 4).mean(1, false), 1e-6);
    }

    @Test
    void reductionsOfNonContiguousViews() {
        // x^T for x = [[0,1,2],[3,4,5]] is [[0,3],[1,4],[2,5]]
        Tensor t = Tensor.of(range(6, 1, 0), 2, 3).transpose(0, 1);
        assertTensor(values(3, 5, 7), shape(3), t.sum(1, false));
        assertTensor(values(3, 12), shape(2), t.sum(0, false));
        assertTensor(values(3, 4, 5), shape(3), t.max(1));
        assertTensor(values(15), shape(), t.sum());
    }

    @Test
    void maxAndArgmaxTakeTheFirstMaximum() {
        Tensor x = Tensor.of(values(1, 5, 5, -2, -7, -3, 0, -3), 2, 4);
        assertTensor(values(5, 0), shape(2), x.max(1));
        assertTensor(values(1, 2), shape(2), x.argmax(1));
        assertTensor(values(1, 5, 5, -2), shape(4), x.max(0));
        assertTensor(values(0, 0, 0, 0), shape(4), x.argmax(0));
        assertTensor(values(-3, -3), shape(2), Tensor.of(values(-7, -3, -3, -8, -3, -4), 2, 3).max(1));
        assertTensor(values(1, 1), shape(2), Tensor.of(values(-7, -3, -3, -8, -3, -4), 2, 3).argmax(1));
        assertTensor(values(5, 0), shape(2, 1), x.max(-1, true));
        assertTensor(values(5, 0), shape(2), x.max(-1));
    }

    @Test
    void maxOver3dMiddleDim() {
        Tensor x = Tensor.of(values(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3), 2, 3, 3);
        assertTensor(values(3, 6, 9, 9, 7, 9), shape(2, 3), x.max(1));
        assertTensor(values(0, 2, 1, 1, 1, 1), shape(2, 3), x.argmax(1));
    }

    @Test
    void softmaxRowsSumToOneAndMatchTheFormula() {
        float[] xs = {1, 2, 3, -1, 0, 1};
        Tensor s = Tensor.of(xs, 2, 3).softmax(1);
        float[] expected = new float[6];
        for (int r = 0; r < 2; r++) {
            double z = 0;
            for (int c = 0; c < 3; c++) {
                z += Math.exp(xs[r * 3 + c]);
            }
            for (int c = 0; c < 3; c++) {
                expected[r * 3 + c] = (float) (Math.exp(xs[r * 3 + c]) / z);
            }
        }
        assertTensor(expected, shape(2, 3), s, 1e-6);
        // rows [1,2,3] and [-1,0,1] differ by a constant: the same softmax
        assertTensor(values(0.09003057f, 0.24472847f, 0.66524096f, 0.09003057f, 0.24472847f, 0.66524096f),
                shape(2, 3), s, 1e-6);
        // along dim 0: each column [a, a-2] gives [1/(1+e^-2), e^-2/(1+e^-2)]
        float hi = (float) (1 / (1 + Math.exp(-2))), lo = 1 - hi;
        assertTensor(values(hi, hi, hi, lo, lo, lo), shape(2, 3), Tensor.of(xs, 2, 3).softmax(0), 1e-6);
        assertTensor(values(hi, hi, hi, lo, lo, lo), shape(2, 3), Tensor.of(xs, 2, 3).softmax(-2), 1e-6);
    }

    @Test
    void logSoftmaxIsLogOfSoftmaxAndStableForLargeInputs() {
        Tensor x = Tensor.of(values(1000, 1001, 1002, -1000, 0, 1000), 2, 3);
        float[] ls = x.logSoftmax(1).toFloatArray();
        double lse = Math.log(1 + Math.exp(1) + Math.exp(2));
        assertEquals(-2 - (lse - 2), ls[0], 1e-4);
        assertEquals(-(lse - 2), ls[2], 1e-4);
        assertEquals(-2000, ls[3], 1e-2);
        assertEquals(0, ls[5], 1e-6);
        float[] s = x.softmax(1).toFloatArray();
        for (float v : s) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(1.0, s[0] + s[1] + s[2], 1e-6);
        assertEquals(1.0, s[5], 1e-6);
    }

    @Test
    void softmaxOfInnerDimOf3d() {
        Tensor x = Tensor.of(range(12, 0.5f, 0), 2, 3, 2);
        float[] s = x.softmax(1).toFloatArray();
        // along dim 1 the values step by 1 (stride 2 of 0.5): softmax of [a, a+1, a+2]
        double z = 1 + Math.exp(1) + Math.exp(2);
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(Math.exp(j) / z, s[(i * 3 + j) * 2 + k], 1e-6);
                }
            }
        }
    }

    @Test
    void reductionsOfZeroDimTensors() {
        assertTensor(values(4), shape(), Tensor.scalar(4).sum(0, false));
        assertTensor(values(4), shape(), Tensor.scalar(4).mean(-1, false));
        assertTensor(values(4), shape(), Tensor.scalar(4).max(0));
        assertTensor(values(4), shape(), Tensor.scalar(4).max(-1, true));
        assertTensor(values(0), shape(), Tensor.scalar(4).argmax(0));
    }

    @Test
    void sumOverEmptyDimIsZeroAndMaxIsRefused() {
        assertTensor(values(0, 0), shape(2), Tensor.zeros(2, 0).sum(1, false));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1));
    }
}

package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.range;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookbook.tensor.Tensor;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/** Element-wise arithmetic with NumPy broadcasting, checked against loops over explicit indices. */
class BroadcastingTest {

    /** a op b for a of shape [A0, A1, A2] and b read with its own broadcast index map, the reference. */
    private static float[] naive3(float[] a, int[] as, float[] b, int[] bs, int[] out, BinaryOperator<Float> op) {
        float[] r = new float[out[0] * out[1] * out[2]];
        for (int i = 0; i < out[0]; i++) {
            for (int j = 0; j < out[1]; j++) {
                for (int k = 0; k < out[2]; k++) {
                    float x = a[at(as, i, j, k)];
                    float y = b[at(bs, i, j, k)];
                    r[(i * out[1] + j) * out[2] + k] = op.apply(x, y);
                }
            }
        }
        return r;
    }

    /** Row-major index into a 3-D shape whose size-1 dims are broadcast. */
    private static int at(int[] s, int i, int j, int k) {
        return ((s[0] == 1 ? 0 : i) * s[1] + (s[1] == 1 ? 0 : j)) * s[2] + (s[2] == 1 ? 0 : k);
    }

    @Test
    void allFourOpsBroadcastAgainstExplicitLoops() {
        int[][][] cases = {
                {{2, 3, 4}, {1, 1, 4}},
                {{2, 3, 4}, {2, 1, 4}},
                {{2, 1, 4}, {1, 3, 1}},
                {{1, 3, 1}, {2, 1, 5}},
                {{2, 3, 4}, {2, 3, 4}},
                {{1, 1, 1}, {2, 3, 4}},
        };
        for (int[][] c : cases) {
            int[] as = c[0], bs = c[1];
            int[] out = {Math.max(as[0], bs[0]), Math.max(as[1], bs[1]), Math.max(as[2], bs[2])};
            float[] a = range(as[0] * as[1] * as[2], 0.5f, -2f);
            float[] b = range(bs[0] * bs[1] * bs[2], 0.25f, 1.5f);
            Tensor ta = Tensor.of(a, as), tb = Tensor.of(b, bs);
            assertTensor(naive3(a, as, b, bs, out, Float::sum), out, ta.add(tb), 1e-6);
            assertTensor(naive3(a, as, b, bs, out, (x, y) -> x - y), out, ta.sub(tb), 1e-6);
            assertTensor(naive3(a, as, b, bs, out, (x, y) -> x * y), out, ta.mul(tb), 1e-6);
            assertTensor(naive3(a, as, b, bs, out, (x, y) -> x / y), out, ta.div(tb), 1e-6);
        }
    }

    @Test
    void lowerRankOperandsAlignFromTheRight() {
        Tensor m = Tensor.of(values(1, 2, 3, 4, 5, 6), 2, 3);
        assertTensor(values(11, 22, 33, 14, 25, 36), shape(2, 3), m.add(Tensor.of(values(10, 20, 30), 3)));
        assertTensor(values(-9, -18, -27, -6, -15, -24), shape(2, 3), m.sub(Tensor.of(values(10, 20, 30), 3)));
        // a column [2, 1] against a row [3]: an outer product
        Tensor col = Tensor.of(values(1, 2), 2, 1);
        Tensor row = Tensor.of(values(10, 20, 30), 3);
        assertTensor(values(10, 20, 30, 20, 40, 60), shape(2, 3), col.mul(row));
        assertTensor(values(10, 20, 30, 20, 40, 60), shape(2, 3), row.mul(col));
        // a 0-dim tensor broadcasts to anything, and [1] against [2, 3] adds a leading dim's worth of nothing
        assertTensor(values(2, 4, 6, 8, 10, 12), shape(2, 3), m.mul(Tensor.scalar(2)));
        assertTensor(values(0.5f, 1, 1.5f, 2, 2.5f, 3), shape(2, 3), m.div(Tensor.of(values(2), 1)));
        assertTensor(values(3), shape(), Tensor.scalar(1).add(Tensor.scalar(2)));
        assertArrayEquals(shape(4, 2, 3), m.add(Tensor.zeros(4, 1, 1)).shape());
    }

    @Test
    void scalarOverloads() {
        Tensor t = Tensor.of(values(1, -2, 4), 3);
        assertTensor(values(3.5f, 0.5f, 6.5f), shape(3), t.add(2.5f));
        assertTensor(values(-1, -4, 2), shape(3), t.sub(2));
        assertTensor(values(-3, 6, -12), shape(3), t.mul(-3));
        assertTensor(values(0.25f, -0.5f, 1), shape(3), t.div(4));
    }

    @Test
    void emptyTensorsBroadcast() {
        Tensor e = Tensor.zeros(0, 3);
        assertArrayEquals(shape(0, 3), e.add(Tensor.ones(3)).shape());
        assertArrayEquals(shape(0, 3), e.mul(Tensor.ones(1, 3)).shape());
    }

    @Test
    void operandsOfNonContiguousViewsBroadcastCorrectly() {
        // [[0,1,2],[3,4,5]] transposed is [[0,3],[1,4],[2,5]]
        Tensor t = Tensor.of(range(6, 1, 0), 2, 3).transpose(0, 1);
        assertTensor(values(10, 23, 11, 24, 12, 25), shape(3, 2), t.add(Tensor.of(values(10, 20), 2)));
        assertTensor(values(0, 3, 10, 40, 40, 100), shape(3, 2), t.mul(Tensor.of(values(1, 10, 20), 3, 1)));
        Tensor expanded = Tensor.of(values(1, 2, 3), 3, 1).expand(3, 2);
        assertTensor(values(1, 4, 3, 6, 5, 8), shape(3, 2), expanded.add(t));
        // a view with an offset into its storage: rows 0..1, columns 1..2 of [[0,1,2],[3,4,5]]
        Tensor base = Tensor.of(range(6, 1, 0), 2, 3);
        Tensor window = new Tensor(base.storage(), base.device(), shape(2, 2), shape(3, 1), 1);
        assertTensor(values(1, 2, 4, 5), shape(2, 2), window);
        assertTensor(values(11, 22, 14, 25), shape(2, 2), window.add(Tensor.of(values(10, 20), 2)));
        assertTensor(values(2, 4, 8, 10), shape(2, 2), window.mul(Tensor.scalar(2)));
        assertTensor(values(2, 3, 5, 6), shape(2, 2), window.add(1f));
        assertTensor(values(1, 4, 2, 5), shape(2, 2), window.transpose(0, 1).contiguous());
    }

    @Test
    void eqAndGtCompareWithBroadcast() {
        Tensor a = Tensor.of(values(1, 2, 3, 2), 2, 2);
        assertTensor(values(0, 1, 0, 1), shape(2, 2), a.eq(Tensor.scalar(2)));
        assertTensor(values(1, 0, 0, 0), shape(2, 2), a.eq(Tensor.of(values(1, 3), 2)));
        assertTensor(values(0, 1, 1, 1), shape(2, 2), a.gt(Tensor.of(values(1.5f), 1)));
    }

    @Test
    void incompatibleShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3).add(Tensor.ones(2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3, 4).mul(Tensor.ones(3, 3, 1)));
    }
}

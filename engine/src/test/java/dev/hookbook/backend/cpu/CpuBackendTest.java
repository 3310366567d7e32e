package dev.hookbook.backend.cpu;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.assertValues;
import static dev.hookbook.tensor.TensorAsserts.range;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The CPU kernels on strided views, offsets and edge cases, against values worked out by hand. */
class CpuBackendTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    /** [[0,1,2,3],[4,5,6,7],[8,9,10,11]] */
    private static Tensor grid() {
        return Tensor.of(range(12, 1, 0), 3, 4);
    }

    /** A view of storage {@code base} with the given layout. */
    private static Tensor view(Tensor base, int[] shape, int[] strides, int offset) {
        return new Tensor(base.storage(), Device.CPU, shape, strides, offset);
    }

    @Test
    void downloadReadsAnyLayout() {
        Tensor g = grid();
        // every other column, starting at column 1: [[1,3],[5,7],[9,11]]
        assertValues(values(1, 3, 5, 7, 9, 11), CPU.download(view(g, shape(3, 2), shape(4, 2), 1)), 0);
        // a column read as a row
        assertValues(values(2, 6, 10), CPU.download(view(g, shape(3), shape(4), 2)), 0);
        // one element repeated (stride 0)
        assertValues(values(5, 5, 5, 5), CPU.download(view(g, shape(2, 2), shape(0, 0), 5)), 0);
        // a contiguous run with an offset
        assertValues(values(4, 5, 6), CPU.download(view(g, shape(3), shape(1), 4)), 0);
    }

    @Test
    void contiguousMakesADenseCopy() {
        Tensor t = CPU.contiguous(view(grid(), shape(2, 3), shape(1, 4), 0));
        assertTensor(values(0, 4, 8, 1, 5, 9), shape(2, 3), t);
        assertEquals(0, t.offset());
        assertTrue(t.isContiguous());
    }

    @Test
    void copyIntoWritesOnlyTheViewsElements() {
        Tensor g = grid();
        CPU.copyInto(view(g, shape(3), shape(4), 1), Tensor.of(values(-1, -2, -3), 3));
        assertTensor(values(0, -1, 2, 3, 4, -2, 6, 7, 8, -3, 10, 11), shape(3, 4), g);
        CPU.copyInto(view(g, shape(2, 2), shape(4, 1), 6), Tensor.scalar(9));
        assertTensor(values(0, -1, 2, 3, 4, -2, 9, 9, 8, -3, 9, 9), shape(3, 4), g);
    }

    @Test
    void unaryOnAnOffsetView() {
        Tensor v = view(grid(), shape(2, 2), shape(4, 1), 5);
        assertTensor(values(-5, -6, -9, -10), shape(2, 2), CPU.unary(UnaryOp.NEG, v, 0));
        assertTensor(values(25, 36, 81, 100), shape(2, 2), CPU.unary(UnaryOp.POW, v, 2));
    }

    @Test
    void unaryHelpersOfTheGradientRules() {
        Tensor x = Tensor.of(values(-2, 0, 3), 3);
        assertTensor(values(-1, 0, 1), shape(3), CPU.unary(UnaryOp.SIGN, x, 0));
        assertTensor(values(0, 0, 1), shape(3), CPU.unary(UnaryOp.STEP, x, 0));
        assertTensor(values(-0.2f, 0, 3), shape(3), CPU.unary(UnaryOp.LEAKY_RELU, x, 0.1f), 1e-7);
        assertTensor(values(0.1f, 0.1f, 1), shape(3), CPU.unary(UnaryOp.LEAKY_STEP, x, 0.1f));
    }

    @Test
    void binaryOnStridedAndOffsetOperands() {
        Tensor g = grid();
        Tensor col = view(g, shape(3, 1), shape(4, 1), 3); // [3, 7, 11]
        Tensor row = view(g, shape(1, 2), shape(1, 2), 0); // [0, 2]
        assertTensor(values(3, 5, 7, 9, 11, 13), shape(3, 2), CPU.binary(BinaryOp.ADD, col, row));
        assertTensor(values(0, 0, 0, 0, 0, 0), shape(3, 2), CPU.binary(BinaryOp.MUL, col, Tensor.zeros(3, 2)));
        assertTensor(values(1, 0, 0, 0, 0, 0), shape(3, 2), CPU.binary(BinaryOp.GT, col, Tensor.of(values(2, 3, 7, 8, 11, 12), 3, 2)));
    }

    @Test
    void reduceAlongEveryDimOfAView() {
        Tensor t = view(grid(), shape(4, 3), shape(1, 4), 0); // the transpose
        assertTensor(values(12, 15, 18, 21), shape(4, 1), CPU.reduce(ReduceOp.SUM, t, 1));
        assertTensor(values(6, 22, 38), shape(1, 3), CPU.reduce(ReduceOp.SUM, t, 0));
        assertTensor(values(3, 7, 11), shape(1, 3), CPU.reduce(ReduceOp.MAX, t, 0));
        assertTensor(values(2, 2, 2, 2), shape(4, 1), CPU.reduce(ReduceOp.ARGMAX, t, 1));
    }

    @Test
    void maxPropagatesNan() {
        Tensor x = Tensor.of(values(1, Float.NaN, 3, 4), 1, 4);
        assertTrue(Float.isNaN(CPU.reduce(ReduceOp.MAX, x, 1).item()));
        assertEquals(1f, CPU.reduce(ReduceOp.ARGMAX, x, 1).item());
    }

    @Test
    void sumAllOfAViewAndOfManyValuesIsAccurate() {
        assertEquals(1 + 3 + 5 + 7 + 9 + 11, CPU.sumAll(view(grid(), shape(3, 2), shape(4, 2), 1)).item());
        // 1e8 followed by a thousand ones: a float32 accumulator drops every one (its ulp there is 8)
        float[] v = new float[1001];
        java.util.Arrays.fill(v, 1f);
        v[0] = 1e8f;
        assertEquals(100_001_000f, CPU.sumAll(Tensor.of(v, 1001)).item());
        assertEquals(100_001_000f, CPU.reduce(ReduceOp.SUM, Tensor.of(v, 1, 1001), 1).item());
    }

    @Test
    void softmaxOfAllMinusInfinityRowIsNanAsInPyTorchAndOtherRowsAreExact() {
        Tensor x = Tensor.of(values(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 0, Float.NEGATIVE_INFINITY), 2, 2);
        float[] s = CPU.softmax(x, 1, false).toFloatArray();
        assertTrue(Float.isNaN(s[0]) && Float.isNaN(s[1]), "row of -inf");
        assertEquals(1f, s[2]);
        assertEquals(0f, s[3]);
        float[] ls = CPU.softmax(x, 1, true).toFloatArray();
        assertTrue(Float.isNaN(ls[0]) && Float.isNaN(ls[1]), "row of -inf");
        assertEquals(0f, ls[2]);
        assertEquals(Float.NEGATIVE_INFINITY, ls[3]);
    }

    @Test
    void matmulOfBatchOneBroadcastsOverTheOther() {
        Tensor a = Tensor.of(values(1, 2), 1, 1, 2);
        Tensor b = Tensor.of(values(1, 0, 0, 1, 2, 0, 0, 2), 2, 2, 2);
        assertTensor(values(1, 2, 2, 4), shape(2, 1, 2), CPU.matmul(a, b));
    }

    @Test
    void parallelCoversEveryIndexOnceAndRethrows() {
        AtomicInteger sum = new AtomicInteger();
        int[] hits = new int[10_000];
        Parallel.forRange(hits.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits[i]++;
                sum.incrementAndGet();
            }
        });
        assertEquals(hits.length, sum.get());
        for (int h : hits) {
            assertEquals(1, h);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, 1, (from, to) -> {
            throw new IllegalStateException("kernel failed");
        }));
        assertEquals("kernel failed", e.getMessage());
    }
}

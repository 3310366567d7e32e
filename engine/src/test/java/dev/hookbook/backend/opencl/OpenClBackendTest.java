package dev.hookbook.backend.opencl;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Pooled;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.Window2d;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Function;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.awkward;
import static dev.hookbook.backend.opencl.OpenClTestSupport.randn;
import static dev.hookbook.tensor.TensorAsserts.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every Backend method on OpenCL against the CPU backend, on the same inputs and views. */
class OpenClBackendTest {
    private static final double TOL = 1e-5;
    private static Device dev;
    private static Backend cpu;
    private static Backend ocl;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
        cpu = Device.CPU.backend();
        ocl = dev.backend();
    }

    /** A CPU tensor and the same values on the device. */
    private record Pair(Tensor c, Tensor o) {
        Pair map(Function<Tensor, Tensor> f) {
            return new Pair(f.apply(c), f.apply(o));
        }
    }

    private static Pair pair(float[] values, int... shape) {
        Tensor c = Tensor.of(values, shape);
        return new Pair(c, Tensor.fromArray(values.clone(), shape, dev));
    }

    /** The layouts every kernel must read: contiguous, transposed, permuted, broadcast by expand. */
    private static Pair[] views() {
        Pair base = pair(awkward(24, 1), 2, 3, 4);
        return new Pair[]{
                base,
                base.map(t -> t.transpose(0, 2)),
                base.map(t -> t.permute(1, 2, 0)),
                pair(awkward(4, 2), 4).map(t -> t.expand(3, 2, 4)),
                pair(awkward(6, 3), 2, 1, 3).map(t -> t.expand(2, 4, 3).transpose(1, 2)),
                pair(new float[]{7f}, new int[0]),
        };
    }

    @Test
    void allocateGivesZerosAndUploadDownloadRoundTrips() {
        Tensor z = new Tensor(ocl.allocate(5), dev, new int[]{5}, new int[]{1}, 0);
        assertArrayEquals(new float[5], z.toFloatArray());
        float[] v = awkward(1000, 4);
        assertArrayEquals(v, Tensor.fromArray(v.clone(), new int[]{10, 100}, dev).toFloatArray());
        assertEquals(0, Tensor.fromArray(new float[0], new int[]{0, 3}, dev).toFloatArray().length);
    }

    @Test
    void downloadAndContiguousOfStridedViews() {
        for (Pair p : views()) {
            assertArrayEquals(p.c.toFloatArray(), ocl.download(p.o), "download of a view of shape " + java.util.Arrays.toString(p.c.shape()));
            Tensor c = ocl.contiguous(p.o);
            assertEquals(true, c.isContiguous());
            assertArrayEquals(cpu.contiguous(p.c).toFloatArray(), c.toFloatArray());
        }
    }

    @Test
    void copyIntoBroadcastsIntoAnyView() {
        Pair dst = pair(new float[24], 2, 3, 4);
        Pair src = pair(awkward(3, 5), 3, 1);
        cpu.copyInto(dst.c.transpose(1, 2).transpose(1, 2), src.c);
        ocl.copyInto(dst.o.transpose(1, 2).transpose(1, 2), src.o);
        assertSameValues(dst.c, dst.o, dev, 0);
        // into a transposed destination
        Pair src2 = pair(awkward(24, 6), 4, 3, 2);
        cpu.copyInto(dst.c.permute(2, 1, 0), src2.c);
        ocl.copyInto(dst.o.permute(2, 1, 0), src2.o);
        assertSameValues(dst.c, dst.o, dev, 0);
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesOnEveryView(UnaryOp op) {
        float arg = op == UnaryOp.POW ? 3f : 0.1f;
        for (Pair p : views()) {
            assertSameValues(cpu.unary(op, p.c, arg), ocl.unary(op, p.o, arg), dev, TOL);
        }
        Pair positive = pair(new float[]{0.25f, 4f, 9f, 0f, 1e-3f, 100f}, 2, 3);
        for (float power : new float[]{2f, 1f, 0.5f, -1f, -0.5f, 1.5f, 0f}) {
            assertSameValues(cpu.unary(op, positive.c, power), ocl.unary(op, positive.o, power), dev, TOL);
        }
    }

    @Test
    void reluAndSignKeepNaN() {
        Pair p = pair(new float[]{Float.NaN, -0f, 0f, -2f, 3f}, 5);
        assertArrayEquals(new float[]{Float.NaN, 0f, 0f, 0f, 3f}, ocl.unary(UnaryOp.RELU, p.o, 0).toFloatArray());
        assertArrayEquals(cpu.unary(UnaryOp.SIGN, p.c, 0).toFloatArray(), ocl.unary(UnaryOp.SIGN, p.o, 0).toFloatArray());
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryBroadcastsOverViews(BinaryOp op) {
        Pair a = pair(awkward(24, 7), 2, 3, 4);
        Pair[] others = {
                pair(awkward(24, 8), 2, 3, 4),
                pair(awkward(4, 9), 4),
                pair(awkward(3, 10), 3, 1),
                pair(new float[]{2.5f}, new int[0]),
                pair(awkward(24, 11), 4, 3, 2).map(t -> t.permute(2, 1, 0)),
                pair(awkward(2, 12), 2, 1, 1).map(t -> t.expand(2, 3, 1)),
        };
        for (Pair b : others) {
            assertSameValues(cpu.binary(op, a.c, b.c), ocl.binary(op, a.o, b.o), dev, TOL);
            assertSameValues(cpu.binary(op, b.c, a.c), ocl.binary(op, b.o, a.o), dev, TOL);
        }
        Pair t = a.map(x -> x.transpose(0, 1));
        assertSameValues(cpu.binary(op, t.c, a.c.transpose(0, 1)), ocl.binary(op, t.o, a.o.transpose(0, 1)), dev, TOL);
        // [5, 1] against [1, 6] makes [5, 6]
        Pair col = pair(awkward(5, 13), 5, 1), row = pair(awkward(6, 14), 1, 6);
        assertSameValues(cpu.binary(op, col.c, row.c), ocl.binary(op, col.o, row.o), dev, TOL);
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceAlongEveryDim(ReduceOp op) {
        for (Pair p : views()) {
            for (int d = 0; d < p.c.dim(); d++) {
                assertSameValues(cpu.reduce(op, p.c, d), ocl.reduce(op, p.o, d), dev, TOL);
            }
        }
        // ties give the first index; a NaN wins
        Pair ties = pair(new float[]{1, 5, 5, 2, Float.NaN, 3, 9, 9, 9}, 3, 3);
        assertArrayEquals(new float[]{1, 1, 0}, ocl.reduce(ReduceOp.ARGMAX, ties.o, 1).toFloatArray());
        assertSameValues(cpu.reduce(op, ties.c, 1), ocl.reduce(op, ties.o, 1), dev, 0);
        assertSameValues(cpu.reduce(op, ties.c, 0), ocl.reduce(op, ties.o, 0), dev, 0);
        // long rows: the accumulation order and precision of the CPU
        Pair big = pair(randn(3 * 5000, 15), 3, 5000);
        assertSameValues(cpu.reduce(op, big.c, 1), ocl.reduce(op, big.o, 1), dev, TOL);
        assertSameValues(cpu.reduce(op, big.c, 0), ocl.reduce(op, big.o, 0), dev, TOL);
    }

    @Test
    void sumAllAccumulatesLikeTheCpu() {
        for (Pair p : views()) assertSameValues(cpu.sumAll(p.c), ocl.sumAll(p.o), dev, TOL);
        Pair big = pair(randn(100_003, 16), 100_003);
        assertSameValues(cpu.sumAll(big.c), ocl.sumAll(big.o), dev, TOL);
        Pair empty = pair(new float[0], 0, 4);
        assertSameValues(cpu.sumAll(empty.c), ocl.sumAll(empty.o), dev, 0);
        assertSameValues(cpu.reduce(ReduceOp.SUM, empty.c, 0), ocl.reduce(ReduceOp.SUM, empty.o, 0), dev, 0);
    }

    @Test
    void softmaxAndLogSoftmaxAlongEveryDim() {
        float[] v = randn(60, 17);
        v[0] = 80f; // large: stable only with the max subtracted
        v[7] = Float.NEGATIVE_INFINITY;
        Pair p = pair(v, 3, 4, 5);
        Pair allNegInf = pair(new float[]{Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 1f}, 2, 2);
        for (boolean log : new boolean[]{false, true}) {
            for (int d = 0; d < 3; d++) {
                assertSameValues(cpu.softmax(p.c, d, log), ocl.softmax(p.o, d, log), dev, TOL);
                assertSameValues(cpu.softmax(p.c.transpose(0, 2), d, log), ocl.softmax(p.o.transpose(0, 2), d, log), dev, TOL);
            }
            assertSameValues(cpu.softmax(allNegInf.c, 1, log), ocl.softmax(allNegInf.o, 1, log), dev, TOL);
        }
    }

    @Test
    void batchedMatmulWithOddSizesStridesAndBroadcastBatch() {
        int[][] sizes = {{1, 1, 1, 1}, {3, 5, 7, 2}, {2, 33, 65, 17}, {1, 70, 40, 90}, {4, 1, 31, 1}};
        for (int[] s : sizes) {
            int b = s[0], m = s[1], k = s[2], n = s[3];
            // The two kernels add the k products in different orders.
            double tol = 4e-5 * Math.sqrt(k);
            Pair a = pair(randn(b * m * k, m), b, m, k);
            Pair c = pair(randn(b * k * n, n), b, k, n);
            assertSameValues(cpu.matmul(a.c, c.c), ocl.matmul(a.o, c.o), dev, tol);
            // one side's batch of 1 is reused for every batch
            Pair a1 = pair(randn(m * k, k), 1, m, k);
            Pair c1 = pair(randn(k * n, k + 1), 1, k, n);
            assertSameValues(cpu.matmul(a1.c, c.c), ocl.matmul(a1.o, c.o), dev, tol);
            assertSameValues(cpu.matmul(a.c, c1.c), ocl.matmul(a.o, c1.o), dev, tol);
            // transposed operands are read through their strides
            Pair at = pair(randn(b * k * m, 3), b, k, m).map(t -> t.transpose(1, 2));
            Pair ct = pair(randn(b * n * k, 4), b, n, k).map(t -> t.transpose(1, 2));
            assertSameValues(cpu.matmul(at.c, ct.c), ocl.matmul(at.o, ct.o), dev, tol);
        }
    }

    @Test
    void matmulPropagatesInfinitiesAsTheCpuDoes() {
        // Both multiply every term, as BLAS does: an inf meeting a zero of A makes NaN, as in PyTorch,
        // wherever it is (a group of four zeros, a last partial group, next to a one).
        float inf = Float.POSITIVE_INFINITY;
        Pair a = pair(new float[]{0, 0, 0, 0, 0, 1, 0, 0, 0, 1}, 1, 1, 10);
        for (int at = 0; at < 10; at++) {
            float[] bv = new float[10];
            java.util.Arrays.fill(bv, 2f);
            bv[at] = inf;
            Pair b = pair(bv, 1, 10, 1);
            assertSameValues(cpu.matmul(a.c, b.c), ocl.matmul(a.o, b.o), dev, 0);
        }
    }

    @Test
    void im2colAndCol2imWithStrideAndPadding() {
        Pair x = pair(randn(2 * 3 * 7 * 6, 18), 2, 3, 7, 6);
        int[][] params = {{3, 3, 1, 1}, {2, 3, 2, 0}, {3, 2, 2, 2}, {1, 1, 1, 0}};
        for (int[] q : params) {
            Window2d window = Window2d.over(x.c.shape(), q[0], q[1], q[2], q[3]);
            Window2d transposed = Window2d.over(x.c.transpose(2, 3).shape(), q[0], q[1], q[2], q[3]);
            Tensor cc = cpu.im2col(x.c, window);
            assertSameValues(cc, ocl.im2col(x.o, window), dev, 0);
            assertSameValues(cpu.im2col(x.c.transpose(2, 3), transposed), ocl.im2col(x.o.transpose(2, 3), transposed), dev, 0);
            Pair cols = pair(randn((int) cc.numel(), 19), cc.shape());
            assertSameValues(cpu.col2im(cols.c, window), ocl.col2im(cols.o, window), dev, 0);
        }
    }

    @Test
    void maxPoolForwardAndBackward() {
        float[] v = randn(2 * 3 * 7 * 8, 20);
        v[5] = Float.NaN;
        v[40] = v[41]; // a tie inside a window
        Pair x = pair(v, 2, 3, 7, 8);
        int[][] params = {{2, 2}, {3, 1}, {3, 2}, {2, 3}};
        for (int[] q : params) {
            Window2d window = Window2d.over(x.c.shape(), q[0], q[0], q[1], 0);
            Pooled pc = cpu.maxPool2d(x.c, window);
            Pooled po = ocl.maxPool2d(x.o, window);
            assertSameValues(pc.values(), po.values(), dev, 0);
            assertSameValues(pc.indices(), po.indices(), dev, 0);
            Pair g = pair(randn((int) pc.values().numel(), 21), pc.values().shape());
            // overlapping windows (stride < k) add in another order: allow rounding
            assertSameValues(cpu.maxPool2dBackward(g.c, pc.indices(), window), ocl.maxPool2dBackward(g.o, po.indices(), window), dev, 1e-6);
        }
        Pair t = x.map(z -> z.transpose(2, 3));
        Window2d window = Window2d.over(t.c.shape(), 2, 2, 2, 0);
        assertValues(cpu.maxPool2d(t.c, window).values().toFloatArray(), ocl.maxPool2d(t.o, window).values().toFloatArray(), 0);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryInPlaceBroadcastsIntoTheTarget(BinaryOp op) {
        Pair a = pair(awkward(24, 30), 2, 3, 4);
        Pair b = pair(awkward(3, 31), 1, 3, 1);
        cpu.binaryInPlace(op, a.c, b.c);
        ocl.binaryInPlace(op, a.o, b.o);
        assertSameValues(a.c, a.o, dev, TOL);
    }

    @Test
    void batchNormKernelsMatch() {
        Pair x = pair(randn(5 * 3 * 7, 32), 5, 3, 7);
        Pair g = pair(randn(5 * 3 * 7, 33), 5, 3, 7);
        Pair w = pair(randn(3, 34), 3), b = pair(randn(3, 35), 3);
        Tensor[] sc = cpu.batchNormStats(x.c), so = ocl.batchNormStats(x.o);
        assertSameValues(sc[0], so[0], dev, 1e-6);
        assertSameValues(sc[1], so[1], dev, 1e-6);
        Pair invStd = pair(new float[]{0.5f, 2f, 1.25f}, 3);
        for (boolean affine : new boolean[]{true, false}) {
            assertSameValues(cpu.batchNormForward(x.c, sc[0], invStd.c, affine ? w.c : null, affine ? b.c : null),
                    ocl.batchNormForward(x.o, so[0], invStd.o, affine ? w.o : null, affine ? b.o : null), dev, TOL);
            for (boolean training : new boolean[]{true, false}) {
                Tensor[] gc = cpu.batchNormBackward(g.c, x.c, sc[0], invStd.c, affine ? w.c : null, training);
                Tensor[] go = ocl.batchNormBackward(g.o, x.o, so[0], invStd.o, affine ? w.o : null, training);
                for (int i = 0; i < 3; i++) assertSameValues(gc[i], go[i], dev, 1e-5);
            }
        }
    }

    @Test
    void optimizerStepsMatch() {
        for (boolean first : new boolean[]{true, false}) {
            Pair p = pair(randn(50, 36), 5, 10), g = pair(randn(50, 37), 5, 10), buf = pair(randn(50, 38), 5, 10);
            cpu.sgdStep(p.c, g.c.transpose(0, 1).transpose(0, 1), buf.c, 0.1f, 0.9f, 0.01f, first);
            ocl.sgdStep(p.o, g.o.transpose(0, 1).transpose(0, 1), buf.o, 0.1f, 0.9f, 0.01f, first);
            assertSameValues(p.c, p.o, dev, 1e-6);
            assertSameValues(buf.c, buf.o, dev, 1e-6);
        }
        Pair p = pair(randn(50, 39), 50), g = pair(randn(100, 40), 50, 2), m = pair(randn(50, 41), 50);
        Pair v = pair(new float[50], 50);
        cpu.sgdStep(p.c, column(g.c), null, 0.1f, 0f, 0f, false);
        ocl.sgdStep(p.o, column(g.o), null, 0.1f, 0f, 0f, false);
        assertSameValues(p.c, p.o, dev, 1e-6);
        cpu.adamStep(p.c, column(g.c), m.c, v.c, 0.9f, 0.999f, 1e-8f, 0.01f, 0.5f, 0.1f);
        ocl.adamStep(p.o, column(g.o), m.o, v.o, 0.9f, 0.999f, 1e-8f, 0.01f, 0.5f, 0.1f);
        assertSameValues(p.c, p.o, dev, 1e-5);
        assertSameValues(m.c, m.o, dev, 1e-6);
        assertSameValues(v.c, v.o, dev, 1e-6);
    }

    /** The second column of t [rows, 2], as a strided view with an offset. */
    private static Tensor column(Tensor t) {
        return new Tensor(t.storage(), t.device(), new int[]{t.shape()[0]}, new int[]{2}, 1);
    }
}

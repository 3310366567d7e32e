package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.BinaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every loop of a binary op gives the same floats: the scalar row (the path without the
 * Vector API), the Vector API row, and the same-index loops, at offsets and lengths that leave
 * a tail after the last full vector, with NaNs, infinities and signed zeros among the values.
 */
class ElementwiseKernelsTest {
    private static final int N = 103, OFFSET = 5;

    private static float[] awkward(int n, long seed) {
        Random r = new Random(seed);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(5) == 0 ? special[r.nextInt(special.length)] : (float) r.nextGaussian();
        return v;
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void allLoopsAgree(BinaryOp op) {
        float[] a = awkward(N + OFFSET, 1), b = awkward(N + OFFSET, 2);
        for (int bs : new int[]{1, 0}) {
            float[] scalar = new float[N + 2], fast = new float[N + 2];
            BinaryKernels.scalarRow(op, a, OFFSET, 1, b, 3, bs, scalar, 2, N);
            BinaryKernels.row(op, a, OFFSET, 1, b, 3, bs, fast, 2, N);
            assertArrayEquals(scalar, fast, op + " with b stride " + bs);
            if (VectorSupport.ENABLED && op.ordinal() <= BinaryOp.DIV.ordinal()) {
                float[] vector = new float[N + 2];
                assertTrue(VectorKernels.row(op, a, OFFSET, b, 3, bs, vector, 2, N));
                assertArrayEquals(scalar, vector, op + " in the Vector API, b stride " + bs);
            }
        }
        float[] same = new float[N], want = new float[N];
        BinaryKernels.same(op, a, b, same, 0, N);
        BinaryKernels.scalarRow(op, a, 0, 1, b, 0, 1, want, 0, N);
        assertArrayEquals(want, same, op + " same-index loop");
        BinaryKernels.withValue(op, a, b[7], same, 0, N);
        BinaryKernels.scalarRow(op, a, 0, 1, b, 7, 0, want, 0, N);
        assertArrayEquals(want, same, op + " with one value");
    }

    @Test
    void accumulateAddsARowAtAnyOffset() {
        float[] x = awkward(N + OFFSET, 3), o = awkward(N + 1, 4), want = o.clone();
        for (int i = 0; i < N; i++) want[1 + i] += x[OFFSET + i];
        BinaryKernels.accumulate(x, OFFSET, o, 1, N);
        assertArrayEquals(want, o);
    }
}

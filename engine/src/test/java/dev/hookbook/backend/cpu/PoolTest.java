package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Pooled;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.Window2d;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Max pooling and max reductions against PyTorch's loop, which tests every element for NaN. */
class PoolTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    /** PyTorch's max_pool2d kernel: {@code if (val > maxval || isnan(val))}, so the last NaN gives the index. */
    private static float[][] reference(float[] x, Window2d g) {
        int oh = g.outH(), ow = g.outW(), planes = g.n() * g.channels();
        float[] values = new float[planes * oh * ow], indices = new float[values.length];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = p * g.h() * g.w() + oy * g.stride() * g.w() + ox * g.stride();
                    for (int ky = 0; ky < g.kh(); ky++) {
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int i = p * g.h() * g.w() + (oy * g.stride() + ky) * g.w() + ox * g.stride() + kx;
                            if (x[i] > best || Float.isNaN(x[i])) {
                                best = x[i];
                                at = i;
                            }
                        }
                    }
                    values[(p * oh + oy) * ow + ox] = best;
                    indices[(p * oh + oy) * ow + ox] = at;
                }
            }
        }
        return new float[][]{values, indices};
    }

    /** Random values with NaNs, infinities, signed zeros and ties sprinkled in. */
    private static float[] awkward(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(20);
            v[i] = kind == 0 ? Float.NaN : kind == 1 ? Float.NEGATIVE_INFINITY : kind == 2 ? Float.POSITIVE_INFINITY
                    : kind == 3 ? -0f : kind == 4 ? 0f : kind < 8 ? 0.5f : (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void poolingMatchesPyTorchsLoopWithNaNsInfinitiesAndTies() {
        int[][] windows = {{2, 2}, {3, 1}, {3, 2}, {2, 3}, {1, 1}};
        for (int[] q : windows) {
            for (long seed = 0; seed < 5; seed++) {
                float[] v = awkward(3 * 4 * 9 * 10, seed);
                Window2d g = new Window2d(3, 4, 9, 10, q[0], q[0], q[1], 0);
                Pooled got = CPU.maxPool2d(Tensor.of(v, 3, 4, 9, 10), g);
                float[][] want = reference(v, g);
                assertArrayEquals(want[0], got.values().toFloatArray(), "values, window " + q[0] + " stride " + q[1]);
                assertArrayEquals(want[1], got.indices().toFloatArray(), "indices, window " + q[0] + " stride " + q[1]);
            }
        }
    }

    @Test
    void aNaNMakesTheMaximumNaNAndTheIndexPointsAtTheLastNaN() {
        // As torch.nn.functional.max_pool2d(x, 2, return_indices=True) gives for these windows.
        float nan = Float.NaN;
        Pooled p = CPU.maxPool2d(Tensor.of(new float[]{1, nan, nan, 3}, 1, 1, 2, 2), new Window2d(1, 1, 2, 2, 2, 2, 2, 0));
        assertArrayEquals(new float[]{nan}, p.values().toFloatArray());
        assertArrayEquals(new float[]{2}, p.indices().toFloatArray());
        Pooled q = CPU.maxPool2d(Tensor.of(new float[]{nan, 5, 2, 1, 7, nan, 0, 1}, 1, 1, 2, 4), new Window2d(1, 1, 2, 4, 2, 2, 2, 0));
        assertArrayEquals(new float[]{nan, 2}, q.values().toFloatArray());
        assertArrayEquals(new float[]{5, 2}, q.indices().toFloatArray());
        // all -inf: the maximum is -inf and the index is the window's first element
        Pooled r = CPU.maxPool2d(Tensor.full(Float.NEGATIVE_INFINITY, 1, 1, 2, 2), new Window2d(1, 1, 2, 2, 2, 2, 2, 0));
        assertArrayEquals(new float[]{0}, r.indices().toFloatArray());
    }

    @Test
    void maxReductionTakesTheFirstNaNAndTheFirstOfTies() {
        // torch.max(torch.tensor([1, nan, nan, 3]), 0) gives (nan, 1)
        float nan = Float.NaN;
        Tensor x = Tensor.of(new float[]{1, nan, nan, 3, 2, 5, 5, 1, nan, 0, 9, 9}, 3, 4);
        assertArrayEquals(new float[]{nan, 5, nan}, CPU.reduce(ReduceOp.MAX, x, 1).toFloatArray());
        assertArrayEquals(new float[]{1, 1, 0}, CPU.reduce(ReduceOp.ARGMAX, x, 1).toFloatArray());
        // along dim 0: columns (1, 2, nan), (nan, 5, 0), (nan, 5, 9), (3, 1, 9)
        assertArrayEquals(new float[]{2, 0, 0, 2}, CPU.reduce(ReduceOp.ARGMAX, x, 0).toFloatArray());
    }
}

package dev.hookbook.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuBackend#matmul} on operands laid out in other ways than row-major: transposed views,
 * views at an offset, every other column, a batch repeated by stride 0. The kernel reads them in
 * place, and its result must be the very same floats as for contiguous copies of them.
 */
class MatmulLayoutsTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    /** A view of {@code size} random floats with the given layout. */
    private static Tensor view(int size, long seed, int[] shape, int[] strides, int offset) {
        Random random = new Random(seed);
        float[] data = new float[size];
        for (int i = 0; i < size; i++) data[i] = random.nextFloat() * 2 - 1;
        return new Tensor(CPU.upload(data), Device.CPU, shape, strides, offset);
    }

    private static void assertSameAsContiguous(Tensor a, Tensor b) {
        float[] expected = CPU.matmul(CPU.contiguous(a), CPU.contiguous(b)).toFloatArray();
        assertArrayEquals(expected, CPU.matmul(a, b).toFloatArray());
    }

    @Test
    void transposedOperandsAreReadWhereTheyLie() {
        int m = 13, k = 70, n = 45;
        Tensor aT = view(m * k, 1, new int[] {1, m, k}, new int[] {m * k, 1, m}, 0);      // [k, m] read as [m, k]
        Tensor bT = view(k * n, 2, new int[] {1, k, n}, new int[] {k * n, 1, k}, 0);      // a weight [n, k] read as [k, n]
        Tensor a = view(m * k, 3, new int[] {1, m, k}, new int[] {m * k, k, 1}, 0);
        Tensor b = view(k * n, 4, new int[] {1, k, n}, new int[] {k * n, n, 1}, 0);
        assertSameAsContiguous(a, bT);
        assertSameAsContiguous(aT, b);
        assertSameAsContiguous(aT, bT);
    }

    @Test
    void offsetsGapsAndRepeatedBatches() {
        int batch = 3, m = 7, k = 20, n = 33;
        // every other column of a wider matrix, after 5 unused floats
        Tensor gaps = view(5 + 2 * m * k, 5, new int[] {1, m, k}, new int[] {2 * m * k, 2 * k, 2}, 5);
        Tensor b = view(batch * k * n, 6, new int[] {batch, k, n}, new int[] {k * n, n, 1}, 0);
        assertSameAsContiguous(gaps, b);
        // one matrix repeated over the batch by a stride of 0, as expand makes it
        Tensor repeated = view(3 + m * k, 7, new int[] {batch, m, k}, new int[] {0, k, 1}, 3);
        Tensor bRepeated = view(k * n, 8, new int[] {batch, k, n}, new int[] {0, 1, k}, 0);
        assertSameAsContiguous(repeated, b);
        assertSameAsContiguous(repeated, bRepeated);
    }
}

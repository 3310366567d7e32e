package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.AlongDim;

import java.util.Arrays;

/**
 * The k-th smallest element of each line along a dim (kthvalue, median, quantile), in the total
 * order of {@code Backend.kthSmallest}: smaller first, NaN after every number, lower index first
 * among equal values. Each line is sorted as (value, index) keys packed into longs.
 */
final class OrderStatisticKernels {
    private OrderStatisticKernels() {}

    static void kthSmallest(float[] x, AlongDim along, int k, float[] values, float[] indices) {
        int size = along.size(), inner = along.inner();
        long[] keys = new long[size];
        for (int o = 0; o < along.outer(); o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * size * inner + in;
                for (int j = 0; j < size; j++) keys[j] = ((long) sortable(x[base + j * inner]) << 32) | j;
                Arrays.sort(keys);
                int at = (int) keys[k - 1]; // the low half is the index
                values[o * inner + in] = x[base + at * inner];
                indices[o * inner + in] = at;
            }
        }
    }

    /**
     * An int whose signed order is the float order: -0 and 0 map to the same key (they are equal,
     * so the index decides, as in the OpenCL kernel), every NaN to one key above +inf.
     */
    private static int sortable(float v) {
        int bits = Float.floatToIntBits(v == 0f ? 0f : v); // floatToIntBits folds every NaN into one
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}

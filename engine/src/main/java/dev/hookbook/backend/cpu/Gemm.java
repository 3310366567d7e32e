package dev.hookbook.backend.cpu;

/**
 * Matrix products C = A B on row-major arrays, the kernel most training time goes to.
 * Rows of C are split over the cores; each row is built as a sum of rows of B scaled by
 * A's entries (the i-k-j order, whose inner loop the JIT vectorises), in blocks of K and N
 * small enough that the block of B stays in cache while every row of A streams past it.
 */
final class Gemm {
    private static final int K_BLOCK = 256;
    private static final int N_BLOCK = 1024;
    /** Below this many multiply-adds per task, threads cost more than they save. */
    private static final long MIN_WORK_PER_TASK = 1L << 15;

    private Gemm() {}

    /** C[b] = A[b] B[b] for each batch b; a batch stride of 0 reuses one matrix for all batches. */
    static void batched(float[] a, int aBatchStride, float[] b, int bBatchStride, float[] c, int batch, int m, int n, int k) {
        long work = (long) m * n * k;
        int rowsPerTask = (int) Math.max(1, Math.min(m, MIN_WORK_PER_TASK / Math.max(1L, (long) n * k)));
        // Parallel over (batch, row) pairs so that many small matrices also use all cores.
        int units = batch * m;
        int grain = work * batch < MIN_WORK_PER_TASK * 2 ? units : rowsPerTask;
        Parallel.forRange(units, grain, (from, to) -> {
            int unit = from;
            while (unit < to) {
                int bi = unit / m, row = unit % m;
                int rows = Math.min(to - unit, m - row);
                block(a, bi * aBatchStride + row * k, b, bi * bBatchStride, c, (bi * m + row) * n, rows, n, k);
                unit += rows;
            }
        });
    }

    /** rows x n block of C at cOff: rows of A at aOff (row stride k) times B [k, n] at bOff. */
    private static void block(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows, int n, int k) {
        for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
            int k1 = Math.min(k, k0 + K_BLOCK);
            for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
                int j1 = Math.min(n, j0 + N_BLOCK);
                for (int i = 0; i < rows; i++) {
                    int ci = cOff + i * n;
                    int ai = aOff + i * k;
                    for (int p = k0; p < k1; p++) {
                        float aip = a[ai + p];
                        if (aip == 0f) continue; // ReLU outputs are often zero: skip their rows of B
                        int bp = bOff + p * n;
                        for (int j = j0; j < j1; j++) c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }
}

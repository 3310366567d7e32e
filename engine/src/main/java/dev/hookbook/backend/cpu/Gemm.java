package dev.hookbook.backend.cpu;

/**
 * Matrix products C = A B on row-major arrays in plain Java: the kernel for JVMs started without
 * the Vector API, which {@link VectorGemm} needs (see {@link VectorSupport}).
 *
 * <p>Rows of C are split over the cores; each row is built as a sum of rows of B scaled by
 * A's entries (the i-k-j order), four rows of B at a time, so one pass over a row of C does
 * four multiply-adds per element. The JIT (C2, JDK 17) turns that inner loop into SIMD code
 * only when every array in it is indexed by the loop counter itself, with no offset: it cannot
 * tell that {@code c[ci + j]} and {@code b[bp + j]} do not overlap, and then falls back to
 * scalar code, several times slower. So B is first copied into one array per row, and each
 * task builds its rows of C in arrays of their own before copying them into place.
 *
 * <p>The work runs in blocks of K and N small enough that the block of B stays in cache
 * while every row of C of the task passes over it.
 */
final class Gemm {
    private static final int K_BLOCK = 128;
    private static final int N_BLOCK = 1024;
    /** Below this many multiply-adds per task, threads cost more than they save. */
    private static final long MIN_WORK_PER_TASK = 1L << 15;

    private Gemm() {}

    /** C[b] = A[b] B[b] for each batch b; a batch stride of 0 reuses one matrix for all batches. */
    static void batched(float[] a, int aBatchStride, float[] b, int bBatchStride, float[] c, int batch, int m, int n, int k) {
        if (m == 0 || n == 0) return;
        float[][][] bRows = new float[bBatchStride == 0 ? 1 : batch][][];
        for (int bi = 0; bi < bRows.length; bi++) bRows[bi] = rows(b, bi * bBatchStride, k, n);
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
                float[][] bRowsOfBatch = bRows[bRows.length == 1 ? 0 : bi];
                block(a, bi * aBatchStride + row * k, bRowsOfBatch, c, (bi * m + row) * n, rows, n, k);
                unit += rows;
            }
        });
    }

    /** The k rows of the [k, n] matrix at {@code off}, each in an array of its own. */
    private static float[][] rows(float[] x, int off, int k, int n) {
        float[][] r = new float[k][];
        for (int p = 0; p < k; p++) r[p] = java.util.Arrays.copyOfRange(x, off + p * n, off + p * n + n);
        return r;
    }

    /** rows x n block of C at cOff: rows of A at aOff (row stride k) times B, given as its k rows. */
    private static void block(float[] a, int aOff, float[][] b, float[] c, int cOff, int rows, int n, int k) {
        float[][] out = new float[rows][n];
        for (int k0 = 0; k0 < k; k0 += K_BLOCK) {
            int k1 = Math.min(k, k0 + K_BLOCK);
            for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
                int j1 = Math.min(n, j0 + N_BLOCK);
                for (int i = 0; i < rows; i++) {
                    float[] ci = out[i];
                    int ai = aOff + i * k;
                    int p = k0;
                    for (; p + 4 <= k1; p += 4) {
                        float x0 = a[ai + p], x1 = a[ai + p + 1], x2 = a[ai + p + 2], x3 = a[ai + p + 3];
                        float[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
                        for (int j = j0; j < j1; j++) ci[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
                    }
                    for (; p < k1; p++) {
                        float x = a[ai + p];
                        float[] bp = b[p];
                        for (int j = j0; j < j1; j++) ci[j] += x * bp[j];
                    }
                }
            }
        }
        for (int i = 0; i < rows; i++) System.arraycopy(out[i], 0, c, cOff + i * n, n);
    }
}

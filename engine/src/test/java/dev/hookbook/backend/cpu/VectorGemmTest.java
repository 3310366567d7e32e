package dev.hookbook.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel against a triple loop in double, over shapes that hit every edge of its
 * tiles and blocks, operands in every layout it reads in place, and each way it splits work
 * over the cores.
 *
 * <p>Float sums of k products, in any order, are within k u sum|a_ip b_pj| of the exact sum
 * (u = 2^-24, the unit roundoff), so that is the bound each element is held to: it allows the
 * kernel its own summation order and nothing else.
 */
class VectorGemmTest {
    private static final double UNIT_ROUNDOFF = Math.ulp(1.0f) / 2;

    /** One operand's layout: how to lay a batch of [rows, cols] matrices into an array. */
    enum Layout {
        ROW_MAJOR, TRANSPOSED, PADDED, SHARED, SHARED_TRANSPOSED;

        boolean shared() {
            return this == SHARED || this == SHARED_TRANSPOSED;
        }
    }

    /** A batch of matrices with random values, stored in {@code layout}, and how to read them. */
    private record Operand(MatrixView view, float[][][] values) {}

    private static Operand operand(int batch, int rows, int cols, Layout layout, long seed) {
        Random random = new Random(seed);
        int stored = layout.shared() ? 1 : batch;
        float[][][] values = new float[batch][rows][cols];
        for (int b = 0; b < stored; b++) {
            for (float[] row : values[b]) {
                for (int j = 0; j < cols; j++) row[j] = random.nextFloat() * 2 - 1;
            }
        }
        for (int b = stored; b < batch; b++) values[b] = values[0];
        // PADDED: every other column of a matrix twice as wide, after 3 unused floats.
        int offset = layout == Layout.PADDED ? 3 : 0;
        int rowStride = switch (layout) {
            case ROW_MAJOR, SHARED -> cols;
            case TRANSPOSED, SHARED_TRANSPOSED -> 1;
            case PADDED -> 2 * cols;
        };
        int colStride = switch (layout) {
            case ROW_MAJOR, SHARED -> 1;
            case TRANSPOSED, SHARED_TRANSPOSED -> rows;
            case PADDED -> 2;
        };
        int size = layout == Layout.PADDED ? 2 * rows * cols : rows * cols;
        float[] data = new float[offset + stored * size];
        Arrays.fill(data, Float.NaN);   // a read outside the matrix shows up in the result
        for (int b = 0; b < stored; b++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) data[offset + b * size + i * rowStride + j * colStride] = values[b][i][j];
            }
        }
        return new Operand(new MatrixView(data, offset, layout.shared() ? 0 : size, rowStride, colStride), values);
    }

    private static void check(int batch, int m, int n, int k, Layout aLayout, Layout bLayout) {
        Operand a = operand(batch, m, k, aLayout, 31L * m + k), b = operand(batch, k, n, bLayout, 17L * n + k);
        float[] c = new float[batch * m * n];
        Arrays.fill(c, Float.NaN);   // every element must be written
        VectorGemm.batched(a.view(), b.view(), c, batch, m, n, k);
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0, magnitude = 0;
                    for (int p = 0; p < k; p++) {
                        double product = (double) a.values()[t][i][p] * b.values()[t][p][j];
                        exact += product;
                        magnitude += Math.abs(product);
                    }
                    double got = c[(t * m + i) * n + j];
                    double allowed = 1.01 * k * UNIT_ROUNDOFF * magnitude + Double.MIN_NORMAL;
                    if (!(Math.abs(got - exact) <= allowed)) {
                        fail(String.format("batch %d of %d, [%d x %d] @ [%d x %d], A %s, B %s: C[%d][%d] = %s, expected %s within %.3g",
                                t, batch, m, k, k, n, aLayout, bLayout, i, j, got, exact, allowed));
                    }
                }
            }
        }
    }

    private static void checkLayouts(int batch, int m, int n, int k) {
        for (Layout a : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.PADDED}) {
            for (Layout b : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.PADDED}) check(batch, m, n, k, a, b);
        }
    }

    @Test
    void tinyAndDegenerateShapes() {
        checkLayouts(1, 1, 1, 1);
        checkLayouts(1, 2, 3, 4);
        checkLayouts(1, 1, 100, 37);                   // a row vector times a matrix
        checkLayouts(1, 100, 1, 37);                   // a matrix times a column vector
        checkLayouts(1, 37, 41, 1);                    // an outer product
        checkLayouts(3, 5, 7, 1);
    }

    @Test
    void anEmptySumGivesZeros() {
        float[] c = new float[2 * 3 * 4];
        Arrays.fill(c, Float.NaN);
        VectorGemm.batched(MatrixView.rowMajor(new float[0], 0), MatrixView.rowMajor(new float[0], 4), c, 2, 3, 4, 0);
        for (float x : c) assertEquals(0f, x);
        VectorGemm.batched(MatrixView.rowMajor(new float[0], 5), MatrixView.rowMajor(new float[15], 3), new float[0], 1, 0, 3, 5);
    }

    @Test
    void shapesAroundTheTileAndTheBlocks() {
        int mr = VectorGemm.MR, nr = VectorGemm.NR, kc = VectorGemm.KC, nc = VectorGemm.NC;
        for (int m : new int[] {mr - 1, mr, mr + 1, 3 * mr + 5}) {
            for (int n : new int[] {nr - 1, nr, nr + 1, 2 * nr + 3}) checkLayouts(1, m, n, 19);
        }
        checkLayouts(1, 13, 2 * nr + 5, kc);
        checkLayouts(1, 13, 2 * nr + 5, kc + 1);           // a second, one-step block of K
        checkLayouts(1, 9, nc + nr + 2, 2 * kc + 7);       // two blocks of columns, three of K
    }

    @Test
    void batchesWithOwnAndSharedOperands() {
        checkLayouts(4, 9, 11, 13);
        check(5, 8, 35, 29, Layout.SHARED, Layout.ROW_MAJOR);       // one weight for every image
        check(5, 8, 35, 29, Layout.SHARED, Layout.TRANSPOSED);
        check(5, 8, 35, 29, Layout.ROW_MAJOR, Layout.SHARED);
        check(5, 8, 35, 29, Layout.TRANSPOSED, Layout.SHARED);
        check(3, 7, 9, 300, Layout.SHARED, Layout.SHARED);
    }

    /**
     * One shared A times narrow B[b] (n a multiple of the vector width but not of the tile's
     * two vectors): the kernel sets the B[b] side by side, so a tile's two vectors belong to
     * different products, and a last half-filled panel and edge rows remain.
     */
    @Test
    void narrowProductsOfOneSharedMatrixSideBySide() {
        int lanes = VectorGemm.NR / 2, kc = VectorGemm.KC;
        for (Layout a : new Layout[] {Layout.SHARED, Layout.SHARED_TRANSPOSED}) {
            for (Layout b : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.PADDED}) {
                check(64, 32, lanes, 144, a, b);           // a convolution over 4x4 images: weight [32, 144]
                check(7, 13, lanes, 29, a, b);             // an odd batch: the last panel holds one vector
                check(5, 8, 3 * lanes, kc + 5, a, b);      // three vectors per product, two blocks of K
                check(2, 6, lanes, 1, a, b);
            }
        }
        checkSplit(64, 96, lanes, 300, Layout.SHARED, Layout.ROW_MAJOR);
        checkSplit(63, 144, lanes, 200, Layout.SHARED_TRANSPOSED, Layout.ROW_MAJOR);
    }

    @Test
    void productsLargeEnoughToSplitOverTheCores() {
        // Each splits a different way: by batch; by columns (one row of tiles); by rows (one
        // column of tiles); by rows within each of 3 batches; by columns of a transposed pair.
        int mr = VectorGemm.MR, nr = VectorGemm.NR;
        checkSplit(4, 96, 100, 240, Layout.ROW_MAJOR, Layout.TRANSPOSED);
        checkSplit(1, mr - 1, 80 * nr + 3, 700, Layout.TRANSPOSED, Layout.ROW_MAJOR);
        checkSplit(1, 40 * mr + 5, nr - 3, 1300, Layout.ROW_MAJOR, Layout.PADDED);
        checkSplit(3, 130, 150, 150, Layout.SHARED, Layout.ROW_MAJOR);
        checkSplit(1, 300, 290, 270, Layout.TRANSPOSED, Layout.TRANSPOSED);
    }

    /**
     * Checks a product large enough to be split: {@code k} grows where the shape alone is too
     * small, since the tile widths (and so the shapes above) depend on the machine's lane width.
     */
    private static void checkSplit(int batch, int m, int n, int k, Layout aLayout, Layout bLayout) {
        long minK = VectorGemm.PARALLEL_WORK / ((long) batch * m * n) + 1;
        int splitK = (int) Math.max(k, minK);
        assertTrue((long) batch * m * n * splitK >= VectorGemm.PARALLEL_WORK, "large enough to be split");
        check(batch, m, n, splitK, aLayout, bLayout);
    }

    /**
     * Products between a sixteenth of {@link VectorGemm#PARALLEL_WORK} and all of it split over
     * the cores only while a pool thread is awake: each element's sum runs in the same order
     * either way, so the floats are the same whether the pool was asleep or awake.
     */
    @Test
    void whetherAProductSplitsChangesNoFloat() throws InterruptedException {
        Random r = new Random(8);
        int[][] shapes = {{64, 96, 128}, {128, 64, 128}, {3, 200, 1000}, {200, 3, 1000}, {40, 40, 400}};
        for (int[] s : shapes) {
            dev.hookbook.tensor.Tensor a = dev.hookbook.tensor.Tensor.of(randomArray(r, s[0] * s[2]), s[0], s[2]);
            dev.hookbook.tensor.Tensor b = dev.hookbook.tensor.Tensor.of(randomArray(r, s[2] * s[1]), s[2], s[1]);
            for (int round = 0; round < 3; round++) {
                Thread.sleep(3); // the pool thread parks: the product stays on this thread
                float[] alone = a.matmul(b).toFloatArray();
                float[] aloneTransposed = b.transpose(0, 1).matmul(a.transpose(0, 1)).toFloatArray();
                wakeThePool();
                float[] split = a.matmul(b).toFloatArray();
                wakeThePool();
                float[] splitTransposed = b.transpose(0, 1).matmul(a.transpose(0, 1)).toFloatArray();
                org.junit.jupiter.api.Assertions.assertArrayEquals(alone, split, 0f, Arrays.toString(s));
                org.junit.jupiter.api.Assertions.assertArrayEquals(aloneTransposed, splitTransposed, 0f, Arrays.toString(s));
            }
        }
    }

    /** Hands the pool thread work and returns once it is awake (looking for more for a while). */
    private static void wakeThePool() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        do {
            Parallel.forRange(1 << 16, 1 << 10, (from, to) -> { });
        } while (!Parallel.awake() && System.nanoTime() < deadline);
    }

    private static float[] randomArray(Random r, int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) r.nextGaussian();
        return d;
    }
}

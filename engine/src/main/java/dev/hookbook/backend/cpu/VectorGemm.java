package dev.hookbook.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products C = A B with the JDK's Vector API ({@code jdk.incubator.vector}), in the
 * shape of the BLIS / OpenBLAS kernels. {@link CpuBackend} uses this class only where
 * {@link VectorSupport#ENABLED}, so a JVM started without the module never loads it (it uses
 * {@link Gemm} instead). Results differ from Gemm's only by the order of the sums and by fused
 * multiply-adds, and zeros of A are not skipped: a zero times an infinity is NaN, as in BLAS.
 *
 * <p><b>The micro-kernel</b> computes a tile of {@link #MR} rows by {@link #NR} columns of C
 * entirely in vector registers: 6 rows by 2 vectors, 12 accumulators. At each step p of the
 * sum it loads two vectors of B's row p, broadcasts each of the 6 values A[i][p] and does 12
 * fused multiply-adds. 12 accumulators, 2 vectors of B and 1 broadcast fit the 16 registers of
 * AVX2; on AVX-512 (32 registers) wider tiles (8 x 3 and 12 x 2 vectors) measured slower than
 * this one, and this one reaches the machine's peak when its data is in cache. The width comes
 * from the machine's preferred vector: 2 x 16 floats with AVX-512, 2 x 8 with AVX2.
 *
 * <p><b>Packing.</b> The kernel reads B as a panel of NR columns with each row's NR values next
 * to each other ({@link #packB}), so it streams through memory in order whatever B's layout:
 * row-major, or the transposed view of a weight that {@code linear} and the backward passes
 * multiply by. A is not packed: the kernel broadcasts single values of A, so it reads them in
 * place through A's row and column strides, transposed or not. (Packing A as well, as BLIS
 * does, measured slower here: each packed piece of A would serve only NC / NR = 8 tiles.)
 *
 * <p><b>Blocking.</b> For each block of {@link #KC} steps of the sum and {@link #NC} columns,
 * B's block is packed once (KC x NC floats, 384 KB: well inside a 1-2 MB L2 cache) and then
 * every tile of C over those columns is computed from it. Within the block the kernel runs along
 * a row of tiles: the 6 x KC values of A it needs (9 KB) stay in the L1 cache while the panels
 * of B stream in from L2. Each tile of C is loaded and stored once per block of K, which is
 * little beside its 6 x 32 x 384 multiply-adds. (On a 2-core Zen 4 with AVX-512, KC of 128 to
 * 512 and NC of 256 to 1024 were all within 10% of each other; 384 x 256 was among the best.)
 *
 * <p><b>Narrow products</b> of one shared A (a convolution's weight times each small image's
 * columns) are computed side by side as one wide product, so their tiles are whole; see
 * {@link #sideBySide}.
 *
 * <p><b>Threads.</b> Small products run on the calling thread; larger ones are split over the
 * cores by batch, by columns or by rows of C, whichever divides most evenly. See
 * {@link #batched}.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of C per micro-kernel tile. */
    static final int MR = 6;
    /** Columns of C per micro-kernel tile: two vectors. */
    static final int NR = 2 * LANES;
    /** Steps of the sum per block: the kernel streams B's panel of KC x NR floats (48 KB) from L2. */
    static final int KC = 384;
    /** Columns per block: KC x NC floats of packed B stay in the L2 cache. */
    static final int NC = Math.max(NR, 256 / NR * NR);
    /**
     * Below this many multiply-adds a product runs on the calling thread. Measured on 2 cores
     * (best of several runs): split over both, 128x64x128 (1M) took 30 us instead of 22, and
     * 256x64x256 (4M) 87 instead of 84; products of 6M broke even; 256x128x256 (8M) took 125 us
     * instead of 165. Handing work to {@link Parallel}'s pool and waiting for it costs 20-40 us
     * there: the threads park, and waking one takes that long on that machine. While a pool
     * thread is awake and looking for work ({@link Parallel#awake()}), a sixteenth of this splits.
     */
    static final long PARALLEL_WORK = 1L << 23;

    /** Whether a product of this many multiply-adds runs on the calling thread alone. */
    private static boolean tooSmallToSplit(long work) {
        return Parallel.THREADS == 1 || work < (Parallel.awake() ? PARALLEL_WORK / Parallel.AWAKE_GRAIN_DIVISOR : PARALLEL_WORK);
    }

    /** Each thread's buffers: packed B and one tile of C for the edges. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[] packedB = new float[0];
        final float[] tile = new float[MR * NR];

        float[] packedB(int size) {
            if (packedB.length < size) packedB = new float[size];
            return packedB;
        }
    }

    private VectorGemm() {}

    /**
     * C[b] = A[b] B[b] for each of {@code batch} products of [m, k] by [k, n]. C is row-major and
     * contiguous; A and B may have any strides (see {@link MatrixView}).
     */
    static void batched(MatrixView a, MatrixView b, float[] c, int batch, int m, int n, int k) {
        if (batch == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            Arrays.fill(c, 0, batch * m * n, 0f);
            return;
        }
        if (a.batchStride() == 0 && batch > 1 && n % NR != 0 && n % LANES == 0) {
            sideBySide(a, b, c, batch, m, n, k);
            return;
        }
        int threads = Parallel.THREADS;
        if (tooSmallToSplit((long) batch * m * n * k)) {
            for (int bi = 0; bi < batch; bi++) product(a, b, c, bi, m, n, k, 0, m, 0, n);
            return;
        }
        // Split the dimension that divides most evenly over the cores; on a tie prefer batches
        // (no wait between products), then columns (each thread packs only its own part of B).
        int rowTiles = ceilDiv(m, MR), colTiles = ceilDiv(n, NR);
        double byBatch = evenness(batch, threads), byCols = evenness(colTiles, threads), byRows = evenness(rowTiles, threads);
        if (byBatch >= byCols && byBatch >= byRows) {
            Parallel.forRange(batch, 1, (from, to) -> {
                for (int bi = from; bi < to; bi++) product(a, b, c, bi, m, n, k, 0, m, 0, n);
            });
        } else if (byCols >= byRows) {
            for (int bi = 0; bi < batch; bi++) {
                int batchIndex = bi;
                Parallel.forRange(colTiles, 1, (from, to) ->
                        product(a, b, c, batchIndex, m, n, k, 0, m, from * NR, Math.min(n, to * NR)));
            }
        } else {
            for (int bi = 0; bi < batch; bi++) {
                int batchIndex = bi;
                Parallel.forRange(rowTiles, 1, (from, to) ->
                        product(a, b, c, batchIndex, m, n, k, from * MR, Math.min(m, to * MR), 0, n));
            }
        }
    }

    /** The share of the cores' time that does work when {@code units} equal parts are dealt out to them. */
    private static double evenness(int units, int threads) {
        return (double) units / (threads * ceilDiv(units, threads));
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Rows [i0, i1) and columns [j0, j1) of C[bi] = A[bi] B[bi], on the calling thread. */
    private static void product(MatrixView a, MatrixView b, float[] c, int bi, int m, int n, int k,
                                int i0, int i1, int j0, int j1) {
        Scratch scratch = SCRATCH.get();
        float[] packed = scratch.packedB(KC * Math.min(NC, ceilDiv(j1 - j0, NR) * NR));
        float[] tile = scratch.tile;
        float[] ad = a.data();
        int aRow = a.rowStride(), aCol = a.colStride(), cStart = bi * m * n;
        for (int jb = j0; jb < j1; jb += NC) {
            int nc = Math.min(NC, j1 - jb);
            for (int kb = 0; kb < k; kb += KC) {
                int kc = Math.min(KC, k - kb);
                boolean add = kb > 0;   // the first block of K writes C, the others add to it
                packB(b, bi, kb, kc, jb, nc, packed);
                for (int i = i0; i < i1; i += MR) {
                    int rows = Math.min(MR, i1 - i);
                    int aOff = a.start(bi) + i * aRow + kb * aCol;
                    for (int jp = 0; jp < nc; jp += NR) {
                        int cols = Math.min(NR, nc - jp);
                        int cOff = cStart + i * n + jb + jp;
                        if (rows == MR && cols == NR && !add) {
                            kernel(kc, ad, aOff, aRow, aCol, MR, packed, jp * kc, c, cOff, n);
                        } else {
                            // An edge tile, or a later block of K: compute a whole tile into the
                            // scratch tile, then write or add its valid part.
                            kernel(kc, ad, aOff, aRow, aCol, rows, packed, jp * kc, tile, 0, NR);
                            merge(tile, rows, cols, c, cOff, n, add);
                        }
                    }
                }
            }
        }
    }

    /**
     * C[b] = A B[b] for a shared A and a narrow B: the products of a convolution's small images
     * (n = 16 columns per image, while a tile is NR = 32 wide on AVX-512). Computed one by one,
     * each would fill only part of a tile, through the scratch tile; instead the B[b] stand side
     * by side as the columns of one wide matrix [B[0] | B[1] | ...], so every tile is whole.
     * n is a multiple of LANES, so each of a tile's two vectors lies within one B[b] and its row of
     * C[b] is a plain vector store; only the second vector's place differs from a plain product.
     */
    private static void sideBySide(MatrixView a, MatrixView b, float[] c, int batch, int m, int n, int k) {
        int width = batch * n, panels = ceilDiv(width, NR);
        if (tooSmallToSplit((long) batch * m * n * k)) {
            sideBySide(a, b, c, m, n, k, 0, width);
        } else {
            Parallel.forRange(panels, 1, (from, to) -> sideBySide(a, b, c, m, n, k, from * NR, Math.min(width, to * NR)));
        }
    }

    /** Columns [j0, j1) of the side-by-side product, j0 a multiple of NR. */
    private static void sideBySide(MatrixView a, MatrixView b, float[] c, int m, int n, int k, int j0, int j1) {
        Scratch scratch = SCRATCH.get();
        float[] packed = scratch.packedB(KC * Math.min(NC, ceilDiv(j1 - j0, NR) * NR));
        float[] tile = scratch.tile;
        float[] ad = a.data();
        int aRow = a.rowStride(), aCol = a.colStride();
        for (int jb = j0; jb < j1; jb += NC) {
            int nc = Math.min(NC, j1 - jb);
            for (int kb = 0; kb < k; kb += KC) {
                int kc = Math.min(KC, k - kb);
                boolean add = kb > 0;
                packSideBySide(b, n, kb, kc, jb, nc, packed);
                for (int i = 0; i < m; i += MR) {
                    int rows = Math.min(MR, m - i);
                    int aOff = a.start(0) + i * aRow + kb * aCol;
                    for (int jp = 0; jp < nc; jp += NR) {
                        int j = jb + jp, cOff = sideBySideOffset(j, i, m, n);
                        boolean both = nc - jp > LANES;
                        if (rows == MR && both && !add) {
                            int second = sideBySideOffset(j + LANES, i, m, n) - cOff;
                            kernel(kc, ad, aOff, aRow, aCol, MR, packed, jp * kc, c, cOff, second, n);
                        } else {
                            kernel(kc, ad, aOff, aRow, aCol, rows, packed, jp * kc, tile, 0, NR);
                            merge(tile, 0, rows, LANES, c, cOff, n, add);
                            if (both) merge(tile, LANES, rows, LANES, c, sideBySideOffset(j + LANES, i, m, n), n, add);
                        }
                    }
                }
            }
        }
    }

    /** Where C[j / n] holds row i, column j % n: column j of the side-by-side product. */
    private static int sideBySideOffset(int j, int i, int m, int n) {
        return (j / n) * m * n + i * n + j % n;
    }

    /** {@link #packB} for the side-by-side columns [jb, jb + nc): each half-panel of LANES comes from one B[b]. */
    private static void packSideBySide(MatrixView b, int n, int kb, int kc, int jb, int nc, float[] dst) {
        float[] src = b.data();
        int rowStride = b.rowStride(), colStride = b.colStride();
        for (int jp = 0; jp < nc; jp += NR) {
            for (int half = 0; half < NR; half += LANES) {
                int j = jb + jp + half, d = jp * kc + half;
                if (jp + half >= nc) {
                    for (int p = 0; p < kc; p++) Arrays.fill(dst, d + p * NR, d + p * NR + LANES, 0f);
                    continue;
                }
                int s = b.start(j / n) + kb * rowStride + (j % n) * colStride;
                if (colStride == 1) {
                    for (int p = 0; p < kc; p++, s += rowStride, d += NR) FloatVector.fromArray(SPECIES, src, s).intoArray(dst, d);
                } else {
                    for (int x = 0; x < LANES; x++) {
                        for (int p = 0, from = s + x * colStride, to = d + x; p < kc; p++, from += rowStride, to += NR) {
                            dst[to] = src[from];
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs B[bi] rows [kb, kb + kc), columns [jb, jb + nc) into panels of NR columns: panel q
     * holds columns jb + q NR ... at {@code dst[q * kc * NR ...]}, row by row, NR values per row.
     * A last, narrower panel is padded with zeros, so the kernel never needs a shorter loop.
     */
    private static void packB(MatrixView b, int bi, int kb, int kc, int jb, int nc, float[] dst) {
        float[] src = b.data();
        int rowStride = b.rowStride(), colStride = b.colStride();
        for (int jp = 0; jp < nc; jp += NR) {
            int cols = Math.min(NR, nc - jp);
            int s = b.start(bi) + kb * rowStride + (jb + jp) * colStride;
            int d = jp * kc;
            if (colStride == 1 && cols == NR) {
                copyPanel(src, s, rowStride, dst, d, kc);
            } else {
                // Any other layout, such as a transposed weight (rowStride 1): column by column,
                // reading each column of B in order along its stride.
                for (int x = 0; x < cols; x++) {
                    for (int p = 0, from = s + x * colStride, to = d + x; p < kc; p++, from += rowStride, to += NR) {
                        dst[to] = src[from];
                    }
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) Arrays.fill(dst, d + p * NR + cols, d + (p + 1) * NR, 0f);
                }
            }
        }
    }

    /** Row-major B: each row of the panel is two vectors, copied as they are. */
    private static void copyPanel(float[] src, int s, int rowStride, float[] dst, int d, int kc) {
        for (int p = 0; p < kc; p++, s += rowStride, d += NR) {
            FloatVector.fromArray(SPECIES, src, s).intoArray(dst, d);
            FloatVector.fromArray(SPECIES, src, s + LANES).intoArray(dst, d + LANES);
        }
    }

    /**
     * The micro-kernel: C[6 x NR at cOff, row stride ldc] = A's 6 rows at aOff times the packed
     * panel of B at bOff, over kc steps. A's element (r, p) is at aOff + r aRow + p aCol.
     * With fewer than 6 valid rows the last one is read again for the missing ones (the caller
     * keeps only the valid rows), so the loop is the same for every tile.
     *
     * <p>It only writes C: a later block of K goes through the scratch tile and {@link #merge}.
     * Adding to C here (a load and an add per vector in each of the 6 stores) made the method
     * too big for C2 to inline all of the Vector API calls (it stops at its node-count cutoff,
     * {@code NodeCountInliningCutoff}): the last row's store was left a real call, its two
     * vectors were boxed, and the loop allocated a vector object per step of the sum (most of the
     * 140 MB a GPT training step allocated on AVX2). Whether C2 hit the cutoff varied from one
     * JVM to the next, so a product timed alone could look fine.
     */
    private static void kernel(int kc, float[] a, int aOff, int aRow, int aCol, int rows,
                               float[] b, int bOff, float[] c, int cOff, int ldc) {
        kernel(kc, a, aOff, aRow, aCol, rows, b, bOff, c, cOff, LANES, ldc);
    }

    /** The same, with each row's second vector of C at {@code second} floats past its first (LANES: next to it). */
    private static void kernel(int kc, float[] a, int aOff, int aRow, int aCol, int rows,
                               float[] b, int bOff, float[] c, int cOff, int second, int ldc) {
        int last = rows - 1;
        int a1 = Math.min(1, last) * aRow, a2 = Math.min(2, last) * aRow, a3 = Math.min(3, last) * aRow;
        int a4 = Math.min(4, last) * aRow, a5 = Math.min(5, last) * aRow;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++, aOff += aCol, bOff += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bOff);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bOff + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[aOff]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[aOff + a1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[aOff + a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[aOff + a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[aOff + a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[aOff + a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + second);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + second);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + second);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + second);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + second);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + second);
    }

    /** Writes (or adds) the first rows x cols of the scratch tile into C at cOff. */
    private static void merge(float[] tile, int rows, int cols, float[] c, int cOff, int ldc, boolean add) {
        merge(tile, 0, rows, cols, c, cOff, ldc, add);
    }

    /** The same for the tile's columns from {@code col}. */
    private static void merge(float[] tile, int col, int rows, int cols, float[] c, int cOff, int ldc, boolean add) {
        for (int r = 0; r < rows; r++) {
            int t = r * NR + col, o = cOff + r * ldc;
            if (add && cols == NR) {
                // A whole row of a later block of K: two vector adds.
                FloatVector.fromArray(SPECIES, c, o).add(FloatVector.fromArray(SPECIES, tile, t)).intoArray(c, o);
                FloatVector.fromArray(SPECIES, c, o + LANES).add(FloatVector.fromArray(SPECIES, tile, t + LANES)).intoArray(c, o + LANES);
            } else if (add) {
                for (int j = 0; j < cols; j++) c[o + j] += tile[t + j];
            } else {
                System.arraycopy(tile, t, c, o, cols);
            }
        }
    }
}

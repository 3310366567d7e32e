package dev.hookbook.backend.cpu;

/**
 * The rows of an embedding table picked by indices, and the gradient summed back into the
 * table. The indices are floats holding integers the op has checked to be in range.
 */
final class EmbeddingKernels {
    /** Indices per task below this many copied elements run on the calling thread. */
    private static final int MIN_WORK_PER_TASK = 1 << 15;

    private EmbeddingKernels() {}

    /** out row i = weight row indices[i]. */
    static void gather(float[] weight, float[] indices, float[] out, int dim) {
        Parallel.forRange(indices.length, Math.max(1, MIN_WORK_PER_TASK / Math.max(1, dim)), (from, to) -> {
            for (int i = from; i < to; i++) System.arraycopy(weight, (int) indices[i] * dim, out, i * dim, dim);
        });
    }

    /**
     * gWeight row indices[i] += g row i, in index order. Split by columns, so each task owns its
     * columns of every row and repeated indices add in the same order whatever the cores.
     */
    static void scatterAdd(float[] g, float[] indices, float[] gWeight, int dim) {
        Parallel.forRange(dim, Math.max(1, MIN_WORK_PER_TASK / Math.max(1, indices.length)), (from, to) -> {
            for (int i = 0; i < indices.length; i++) {
                int src = i * dim, dst = (int) indices[i] * dim;
                for (int j = from; j < to; j++) gWeight[dst + j] += g[src + j];
            }
        });
    }
}

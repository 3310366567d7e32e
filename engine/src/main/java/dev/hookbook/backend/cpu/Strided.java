package dev.hookbook.backend.cpu;

/**
 * Walks a strided index space row by row (the last dim), tracking where each row starts in
 * every operand. Kernels then loop over a row with plain array indexing.
 */
final class Strided {
    /** Called once per row: {@code offsets[j]} is where the row starts in operand j. */
    interface RowBody {
        void row(int[] offsets, int n);
    }

    private Strided() {}

    static void rows(int[] shape, int[][] strides, int[] base, RowBody body) {
        int rank = shape.length;
        int[] off = base.clone();
        if (rank == 0) {
            body.row(off, 1);
            return;
        }
        int n = shape[rank - 1];
        long total = 1;
        for (int d : shape) total *= d;
        if (total == 0) return;
        long rows = total / n;
        int[] idx = new int[rank];
        for (long r = 0; r < rows; r++) {
            body.row(off, n);
            for (int d = rank - 2; d >= 0; d--) {
                idx[d]++;
                for (int j = 0; j < off.length; j++) off[j] += strides[j][d];
                if (idx[d] < shape[d]) break;
                for (int j = 0; j < off.length; j++) off[j] -= strides[j][d] * shape[d];
                idx[d] = 0;
            }
        }
    }
}

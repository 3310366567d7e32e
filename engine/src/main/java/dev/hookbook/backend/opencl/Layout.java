package dev.hookbook.backend.opencl;

import java.util.ArrayList;
import java.util.List;

/**
 * An index space and the strides of each operand over it, in the form the kernels take:
 * dims of size 1 dropped, neighbouring dims merged where every operand steps through them
 * as one (a contiguous tensor becomes one dim), then right-aligned into OpenCL int8 values.
 * Fewer dims means less index arithmetic per element.
 */
final class Layout {
    static final int MAX_RANK = 8;

    final int rank;
    final int[] shape;
    final int[][] strides;

    private Layout(int rank, int[] shape, int[][] strides) {
        this.rank = rank;
        this.shape = shape;
        this.strides = strides;
    }

    /** {@code strides[j]} are operand j's strides over {@code shape} (0 where broadcast). */
    static Layout of(String op, int[] shape, int[]... strides) {
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) if (shape[d] != 1) dims.add(d);
        // Merge from the right: dim d folds into the merged dim after it when, for every
        // operand, one step of d is a full sweep of that dim.
        List<int[]> merged = new ArrayList<>(); // each: size, then one stride per operand
        for (int i = dims.size() - 1; i >= 0; i--) {
            int d = dims.get(i);
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            boolean fold = last != null;
            for (int j = 0; fold && j < strides.length; j++) fold = strides[j][d] == last[1 + j] * last[0];
            if (fold) {
                last[0] *= shape[d];
            } else {
                int[] e = new int[1 + strides.length];
                e[0] = shape[d];
                for (int j = 0; j < strides.length; j++) e[1 + j] = strides[j][d];
                merged.add(e);
            }
        }
        int rank = merged.size();
        if (rank > MAX_RANK) {
            throw new IllegalArgumentException(op + ": the OpenCL backend handles at most " + MAX_RANK
                    + " dims that cannot be merged, got a layout of " + rank);
        }
        int[] s = new int[MAX_RANK];
        int[][] st = new int[strides.length][MAX_RANK];
        java.util.Arrays.fill(s, 1);
        for (int i = 0; i < rank; i++) {
            int[] e = merged.get(i);
            s[MAX_RANK - 1 - i] = e[0];
            for (int j = 0; j < strides.length; j++) st[j][MAX_RANK - 1 - i] = e[1 + j];
        }
        return new Layout(rank, s, st);
    }
}

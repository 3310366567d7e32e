package dev.hookbook.tensor;

/**
 * A shape seen from one of its dims, as reductions and softmax walk it: {@code outer} blocks of
 * {@code size} steps, each step {@code inner} elements apart (row-major).
 */
public record AlongDim(int outer, int size, int inner) {

    /** {@code shape} seen from {@code dim} (a 0-dim shape is one step of one element). */
    public static AlongDim of(int[] shape, int dim) {
        if (shape.length == 0) return new AlongDim(1, 1, 1);
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.length; i++) inner *= shape[i];
        return new AlongDim(outer, shape[dim], inner);
    }
}

package dev.hookbook.ops;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * Checks index tensors before a kernel reads through them. IndexChecks are float tensors holding
 * integral values (class labels, token ids, positions), as everywhere in the engine; an index
 * that is not an integer or lies outside the dim is an error that names the op, the value, the
 * valid range and the shapes.
 */
final class IndexChecks {
    private IndexChecks() {}

    /**
     * Every value of {@code index} is a whole number in [0, size), the size of dim {@code dim} of
     * the tensor it reads; the error names the first value that is not, its position, and
     * {@code shapes} (the operands, for the message).
     */
    static void check(String op, Tensor index, int size, int dim, String shapes) {
        float[] v = index.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (f != Math.rint(f) || Float.isInfinite(f)) {
                throw new IllegalArgumentException(op + ": expected whole-number indices, got " + f + " at position " + i
                        + " (indices are float tensors holding integers); " + shapes);
            }
            if (f < 0 || f >= size) {
                throw new IllegalArgumentException(op + ": index " + (long) f + " is out of range for dim " + dim + " of size "
                        + size + ": expected 0 <= index < " + size + "; " + shapes);
            }
        }
    }

    /** "input [3, 4], index [2]" for error messages. */
    static String shapes(Tensor x, Tensor index) {
        return "input " + Shape.str(x.shape()) + ", index " + Shape.str(index.shape());
    }
}

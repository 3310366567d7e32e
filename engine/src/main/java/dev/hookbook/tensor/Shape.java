package dev.hookbook.tensor;

import java.util.Arrays;

/** Small helpers on shapes and strides: sizes, broadcasting, dims, and how errors print them. */
public final class Shape {
    private Shape() {}

    /** The number of elements of a tensor of this shape (1 for a scalar). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("shape " + str(shape) + " has a negative size");
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major strides: the last dim moves fastest. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** NumPy broadcasting: align from the right; sizes must match or one of them be 1. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dim " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor of {@code shape}/{@code strides} as if it had shape {@code target} (0 where broadcast). */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }
        return out;
    }

    /** Turns a possibly negative dim into an index in [0, rank), or explains why it is out of range. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor with "
                    + rank + " dims (expected a dim in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Shapes print as PyTorch users read them: {@code [32, 64]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}

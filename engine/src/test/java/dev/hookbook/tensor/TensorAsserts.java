package dev.hookbook.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;

/** Assertions on tensors shared by the engine's unit tests. */
public final class TensorAsserts {
    private TensorAsserts() {
    }

    /** Asserts the shape and the row-major values, each within {@code tol}. */
    public static void assertTensor(float[] expected, int[] shape, Tensor actual, double tol) {
        assertArrayEquals(shape, actual.shape(), () -> "shape of " + actual);
        assertValues(expected, actual.toFloatArray(), tol);
    }

    /** Asserts the shape and the exact row-major values. */
    public static void assertTensor(float[] expected, int[] shape, Tensor actual) {
        assertTensor(expected, shape, actual, 0);
    }

    public static void assertValues(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, "number of values");
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) && Float.isNaN(actual[i])) {
                continue;
            }
            double allowed = tol * Math.max(1.0, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= allowed) && expected[i] != actual[i]) {
                fail("value " + i + ": expected " + expected[i] + ", got " + actual[i]
                        + "\n expected " + Arrays.toString(expected) + "\n got      " + Arrays.toString(actual));
            }
        }
    }

    /** Runs {@code body}, asserts it throws {@code type}, and that the message holds every fragment. */
    public static <T extends Throwable> T assertMessage(Class<T> type, Executable body, String... fragments) {
        T e = assertThrows(type, body);
        String m = e.getMessage();
        for (String f : fragments) {
            assertTrue(m != null && m.contains(f), () -> "message should contain \"" + f + "\" but was: " + m);
        }
        assertTrue(m != null && !m.contains("\n"), () -> "message should be one line: " + m);
        return e;
    }

    /** 0, 1, ..., n-1 as floats, optionally scaled. */
    public static float[] range(int n, float scale, float shift) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = i * scale + shift;
        }
        return d;
    }

    /** {@code values} in a random order drawn from {@code seed} (a Fisher-Yates shuffle), as a tensor of {@code shape}. */
    public static Tensor shuffled(long seed, float[] values, int... shape) {
        float[] d = values.clone();
        Random r = new Random(seed);
        for (int i = d.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return Tensor.of(d, shape);
    }

    public static int[] shape(int... s) {
        return s;
    }

    public static float[] values(float... v) {
        return v;
    }
}

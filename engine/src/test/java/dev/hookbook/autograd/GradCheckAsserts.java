package dev.hookbook.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.TensorAsserts;
import java.util.Random;

/** The assertion and the seeded inputs shared by the finite-difference ({@link GradCheck}) tests. */
public final class GradCheckAsserts {
    private GradCheckAsserts() {}

    /** {@code GradCheck.check(f, inputs)} passes, and it checked at least one element. */
    public static void check(GradCheck.Fn f, Tensor... inputs) {
        assertPassed(GradCheck.check(f, inputs));
    }

    /** The report passed, and it checked at least one element (an empty check passes vacuously). */
    public static void assertPassed(GradCheck.Report report) {
        assertTrue(report.passed(), report::toString);
        assertTrue(report.input() >= 0, "no element was checked: " + report);
    }

    /** A leaf that requires grad: the input a check differentiates by. */
    public static Tensor grad(Tensor t) {
        return t.requiresGrad(true);
    }

    /** Standard normal values from {@code seed}. */
    public static Tensor randn(long seed, int... shape) {
        Random r = new Random(seed);
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    /** Normal values, kept at least 0.1 away from 0 (for abs, relu and leaky relu, whose kink is there). */
    public static Tensor randAwayFromZero(long seed, int... shape) {
        Random r = new Random(seed);
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            float v = (float) r.nextGaussian();
            d[i] = v >= 0 ? v + 0.1f : v - 0.1f;
        }
        return Tensor.of(d, shape);
    }

    /** Values in [0.5, 2.5): safe for log, sqrt, fractional powers and denominators. */
    public static Tensor positive(long seed, int... shape) {
        Random r = new Random(seed);
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = 0.5f + 2 * r.nextFloat();
        return Tensor.of(d, shape);
    }

    /** Distinct values 0.37 apart around 0, shuffled: no ties and no kinks within the finite-difference step. */
    public static Tensor distinct(long seed, int... shape) {
        return distinctShifted(seed, 0f, shape);
    }

    /** {@link #distinct} moved by {@code shift}. */
    public static Tensor distinctShifted(long seed, float shift, int... shape) {
        int n = Shape.numel(shape);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (i - n / 2f) * 0.37f + shift;
        return TensorAsserts.shuffled(seed, d, shape);
    }
}

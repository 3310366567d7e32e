package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Element-wise functions against java.lang.Math, on contiguous and strided inputs. */
class PointwiseTest {
    private static final float[] X = {-2.5f, -1f, -0.25f, 0f, 0.3f, 1f, 2f, 3.75f};

    private static void check(UnaryOperator<Tensor> op, DoubleUnaryOperator ref, float[] xs) {
        float[] expected = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            expected[i] = (float) ref.applyAsDouble(xs[i]);
        }
        assertTensor(expected, shape(xs.length), op.apply(Tensor.of(xs, xs.length)), 1e-6);
        // the same values read through a transposed view
        Tensor strided = Tensor.of(xs, 2, xs.length / 2).transpose(0, 1);
        float[] expectedT = new float[xs.length];
        int half = xs.length / 2;
        for (int i = 0; i < half; i++) {
            for (int j = 0; j < 2; j++) {
                expectedT[i * 2 + j] = expected[j * half + i];
            }
        }
        assertTensor(expectedT, shape(half, 2), op.apply(strided), 1e-6);
    }

    private static float[] positive() {
        return values(0.1f, 0.5f, 1f, 2f, 3f, 7.5f, 10f, 100f);
    }

    @Test
    void neg() {
        check(Tensor::neg, x -> -x, X);
    }

    @Test
    void exp() {
        check(Tensor::exp, Math::exp, X);
    }

    @Test
    void log() {
        check(Tensor::log, Math::log, positive());
    }

    @Test
    void sqrt() {
        check(Tensor::sqrt, Math::sqrt, positive());
    }

    @Test
    void abs() {
        check(Tensor::abs, Math::abs, X);
    }

    @Test
    void tanh() {
        check(Tensor::tanh, Math::tanh, X);
    }

    @Test
    void sigmoid() {
        check(Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), X);
    }

    @Test
    void relu() {
        check(Tensor::relu, x -> Math.max(0, x), X);
    }

    @Test
    void powWithSeveralExponents() {
        check(t -> t.pow(2), x -> x * x, X);
        check(t -> t.pow(3), x -> x * x * x, X);
        check(t -> t.pow(1), x -> x, X);
        check(t -> t.pow(0), x -> 1, X);
        check(t -> t.pow(-1), x -> 1 / x, positive());
        check(t -> t.pow(0.5f), Math::sqrt, positive());
        check(t -> t.pow(-1.5f), x -> Math.pow(x, -1.5), positive());
        check(t -> t.pow(2.5f), x -> Math.pow(x, 2.5), positive());
    }

    @Test
    void logOfNegativeIsNanAndOfZeroMinusInfinityAsInPyTorch() {
        float[] r = Tensor.of(values(-1f, 0f, 1f), 3).log().toFloatArray();
        assertTrue(Float.isNaN(r[0]));
        assertEquals(Float.NEGATIVE_INFINITY, r[1]);
        assertEquals(0f, r[2]);
        assertTrue(Float.isNaN(Tensor.scalar(-4).sqrt().item()));
    }

    @Test
    void extremeInputsSaturateWithoutNan() {
        assertTensor(values(0, 1), shape(2), Tensor.of(values(-1000, 1000), 2).sigmoid());
        assertTensor(values(-1, 1), shape(2), Tensor.of(values(-1000, 1000), 2).tanh());
        assertTensor(values(0, Float.POSITIVE_INFINITY), shape(2), Tensor.of(values(-1000, 1000), 2).exp());
    }

    @Test
    void opsDoNotChangeTheirInput() {
        Tensor x = Tensor.of(values(-1, 2), 2);
        x.neg();
        x.relu();
        x.mul(3f);
        x.add(x);
        assertTensor(values(-1, 2), shape(2), x);
    }

    @Test
    void zeroDimInputsStayZeroDim() {
        assertTensor(values((float) Math.exp(1)), shape(), Tensor.scalar(1).exp(), 1e-6);
        assertTensor(values(9), shape(), Tensor.scalar(-3).pow(2));
    }
}

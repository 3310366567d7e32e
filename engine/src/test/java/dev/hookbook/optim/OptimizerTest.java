package dev.hookbook.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.nn.Linear;
import dev.hookbook.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SGD and Adam against updates computed by hand from PyTorch's formulas. */
class OptimizerTest {

    static void assertValues(double[] expected, Tensor actual, double tol) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) assertEquals(expected[i], a[i], tol, "value " + i);
    }

    /** A leaf [a, b] and a fixed gradient for it. */
    static Tensor param(float a, float b) {
        return Tensor.of(new float[]{a, b}, 2).requiresGrad(true);
    }

    static void grad(Tensor p, float a, float b) {
        p.setGrad(Tensor.of(new float[]{a, b}, 2));
    }

    @Test
    void plainSgd() {
        Tensor p = param(1, -2);
        SGD opt = new SGD(List.of(p), 0.1f);
        grad(p, 0.5f, -1);
        opt.step();
        assertValues(new double[]{0.95, -1.9}, p, 1e-6);
    }

    @Test
    void sgdMomentumStartsFromTheFirstGradient() {
        Tensor p = param(1, 0);
        SGD opt = new SGD(List.of(p), 0.1f, 0.9f);
        grad(p, 1, 2);
        opt.step();                                   // buf = g = (1, 2)
        assertValues(new double[]{0.9, -0.2}, p, 1e-6);
        grad(p, 1, 0);
        opt.step();                                   // buf = 0.9 (1, 2) + (1, 0) = (1.9, 1.8)
        assertValues(new double[]{0.9 - 0.19, -0.2 - 0.18}, p, 1e-6);
    }

    @Test
    void sgdWeightDecayAddsToTheGradient() {
        Tensor p = param(2, -4);
        SGD opt = new SGD(List.of(p), 0.5f, 0f, 0.1f);
        grad(p, 0, 1);
        opt.step();                                   // d = g + 0.1 p = (0.2, 0.6)
        assertValues(new double[]{1.9, -4.3}, p, 1e-6);
    }

    @Test
    void sgdMomentumWithWeightDecay() {
        Tensor p = param(1, 1);
        SGD opt = new SGD(List.of(p), 0.1f, 0.5f, 0.2f);
        grad(p, 1, -1);
        opt.step();                                   // d = (1.2, -0.8), buf = d
        double a = 1 - 0.12, b = 1 + 0.08;
        assertValues(new double[]{a, b}, p, 1e-6);
        grad(p, 1, -1);
        opt.step();                                   // d = g + 0.2 p; buf = 0.5 buf + d
        double ba = 0.5 * 1.2 + (1 + 0.2 * a), bb = 0.5 * -0.8 + (-1 + 0.2 * b);
        assertValues(new double[]{a - 0.1 * ba, b - 0.1 * bb}, p, 1e-6);
    }

    @Test
    void adamTwoSteps() {
        Tensor p = param(1, -1);
        Adam opt = new Adam(List.of(p), 0.01f);
        double[] value = {1, -1}, m = {0, 0}, v = {0, 0};
        double[][] grads = {{0.5, -2}, {0.1, 3}};
        for (int t = 1; t <= 2; t++) {
            grad(p, (float) grads[t - 1][0], (float) grads[t - 1][1]);
            opt.step();
            for (int i = 0; i < 2; i++) {
                double g = grads[t - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t)), denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                value[i] -= 0.01 * mHat / denom;
            }
            assertValues(value, p, 1e-6);
        }
    }

    @Test
    void adamFirstStepMovesEachCoordinateByTheLearningRate() {
        Tensor p = param(0, 0);
        Adam opt = new Adam(List.of(p), 0.1f);
        grad(p, 1000, -0.001f);
        opt.step();
        assertValues(new double[]{-0.1, 0.1}, p, 1e-4);
    }

    @Test
    void adamWithWeightDecayAndOwnBetas() {
        Tensor p = param(2, 0);
        Adam opt = new Adam(List.of(p), 0.1f, 0.5f, 0.75f, 1e-8f, 0.5f);
        grad(p, 0, 1);
        opt.step();      // g = (1, 1): m = 0.5 g, v = 0.25 g^2; m^ = g, v^ = g^2: step = lr * sign
        assertValues(new double[]{1.9, -0.1}, p, 1e-6);
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor a = param(1, 1), b = param(5, 5);
        SGD opt = new SGD(List.of(a, b), 1f, 0.9f);
        grad(a, 1, 1);
        opt.step();
        assertValues(new double[]{0, 0}, a, 0);
        assertValues(new double[]{5, 5}, b, 0);
        Adam adam = new Adam(List.of(a, b), 1f);
        adam.step();
        assertValues(new double[]{5, 5}, b, 0);
    }

    @Test
    void zeroGradClearsToNullAndStepRecordsNoGraph() {
        Linear lin = new Linear(3, 2);
        SGD opt = new SGD(lin.parameters(), 0.1f);
        lin.call(Tensor.randn(4, 3)).sum().backward();
        assertTrue(lin.weight.grad() != null);
        Tensor before = lin.weight;
        opt.step();
        assertSame(before, lin.weight, "updated in place");
        assertTrue(lin.weight.isLeaf() && lin.weight.requiresGrad());
        opt.zeroGrad();
        assertNull(lin.weight.grad());
        assertNull(lin.bias.grad());
    }

    @Test
    void stepsFollowTheDirectionThatLowersTheLoss() {
        Tensor w = param(3, -2);
        Adam opt = new Adam(List.of(w), 0.1f);
        float first = 0;
        for (int i = 0; i < 100; i++) {
            opt.zeroGrad();
            Tensor loss = w.mul(w).sum();
            if (i == 0) first = loss.item();
            loss.backward();
            opt.step();
        }
        assertTrue(w.mul(w).sum().item() < first / 10);
    }

    @Test
    void invalidArguments() {
        Tensor p = param(1, 1);
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p), -0.1f));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(Tensor.zeros(2)), 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1f, 1f, 0.999f, 1e-8f, 0f));
    }
}

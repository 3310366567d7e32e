package dev.hookbook.nn.utils;

import dev.hookbook.autograd.GradCheck;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parametrize with user parametrizations: layout, gradients, stacking, removal, caching, copies. */
class ParametrizeTest {
    /** PyTorch's tutorial example: X.triu() + X.triu(1).transpose(-1, -2). */
    static final class Symmetric extends Module {
        int calls;

        @Override
        protected Tensor forward(Tensor x) {
            calls++;
            return x.triu().add(x.triu().sub(diagonal(x)).transpose(0, 1));
        }

        private static Tensor diagonal(Tensor x) {
            int n = x.size(0);
            return x.mul(Tensor.triu(n).mul(Tensor.tril(n)));
        }
    }

    /** Multiplies by two; its right inverse halves, so registering it leaves the weight as it was. */
    static final class Double extends Module implements RightInverse {
        @Override
        protected Tensor forward(Tensor x) {
            return x.mul(2f);
        }

        @Override
        public Tensor rightInverse(Tensor value) {
            return value.div(2f);
        }
    }

    @Test
    void theWeightIsComputedFromTheOriginalWhichGetsTheGradient() {
        Linear lin = new Linear(3, 3);
        Tensor original = lin.weight;
        Parametrize.registerParametrization(lin, "weight", new Symmetric());
        assertEquals(List.of("bias", "parametrizations.weight.original"), List.copyOf(lin.stateDict().keySet()));
        assertSame(original, lin.get("parametrizations.weight").getAttribute("original"), "the same Parameter object");
        assertTrue(Parametrize.isParametrized(lin));
        assertTrue(Parametrize.isParametrized(lin, "weight"));
        assertFalse(Parametrize.isParametrized(lin, "bias"));
        float[] w = lin.weight.toFloatArray();
        assertEquals(w[1], w[3]);
        assertEquals(w[2], w[6]);

        lin.call(Tensor.ones(2, 3)).sum().backward();
        assertNotNull(original.grad());
        assertEquals(0f, original.grad().toFloatArray()[3], "below the diagonal the original is unused");
    }

    @Test
    void parametrizationsStackAndRightInverseKeepsTheWeight() {
        Linear lin = new Linear(2, 2);
        float[] before = lin.weight.toFloatArray();
        Parametrize.registerParametrization(lin, "weight", new Double());
        assertArrayEquals(before, lin.weight.toFloatArray(), 1e-7f);
        assertArrayEquals(before, lin.getAttribute("weight").toFloatArray(), 1e-7f);
        Parametrize.registerParametrization(lin, "weight", new Double());
        assertArrayEquals(scale(before, 2), lin.weight.toFloatArray(), 1e-6f);
        assertEquals(2, ((ParametrizationList) lin.get("parametrizations.weight")).size());
        assertEquals("ParametrizedLinear(\n  in_features=2, out_features=2, bias=True\n  (parametrizations): ModuleDict(\n"
                + "    (weight): ParametrizationList(\n      (0): Double()\n      (1): Double()\n    )\n  )\n)", lin.toString());
    }

    @Test
    void removeLeavesTheParametrizedValueOrTheOriginal() {
        Linear a = new Linear(2, 2);
        Tensor original = a.weight;
        Parametrize.registerParametrization(a, "weight", new Double());
        Parametrize.registerParametrization(a, "weight", new Double());
        float[] parametrized = a.weight.toFloatArray();
        Parametrize.removeParametrizations(a, "weight", true);
        assertSame(original, a.weight);
        assertArrayEquals(parametrized, a.weight.toFloatArray());
        assertEquals(List.of("bias", "weight"), List.copyOf(a.stateDict().keySet()));
        assertFalse(Parametrize.isParametrized(a));
        assertTrue(a.namedChildren().isEmpty());
        assertEquals("Linear(in_features=2, out_features=2, bias=True)", a.toString());

        Linear b = new Linear(2, 2);
        Parametrize.registerParametrization(b, "weight", new Double());
        float[] orig = b.get("parametrizations.weight").getAttribute("original").toFloatArray();
        Parametrize.removeParametrizations(b, "weight", false);
        assertArrayEquals(orig, b.weight.toFloatArray());

        Linear c = new Linear(2, 2);
        Parametrizations.weightNorm(c, "weight");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parametrize.removeParametrizations(c, "weight", false));
        assertTrue(e.getMessage().contains("sequence of tensors"), e.getMessage());
        Parametrize.removeParametrizations(c, "weight", true);
        assertTrue(c.weight instanceof Parameter);
    }

    @Test
    void cachedComputesEachParametrizedTensorOnce() {
        Linear lin = new Linear(3, 3);
        Symmetric sym = new Symmetric();
        Parametrize.registerParametrization(lin, "weight", sym);
        int start = sym.calls;
        lin.call(Tensor.ones(1, 3));
        lin.call(Tensor.ones(1, 3));
        assertEquals(start + 2, sym.calls, "once per forward");
        try (var c = Parametrize.cached()) {
            lin.call(Tensor.ones(1, 3));
            lin.call(Tensor.ones(1, 3));
            lin.getAttribute("weight");
        }
        assertEquals(start + 3, sym.calls, "once for the whole scope");
        Tensor twice = Parametrize.cached(() -> lin.call(Tensor.ones(1, 3)).add(lin.call(Tensor.ones(1, 3))));
        assertEquals(start + 4, sym.calls);
        assertArrayEquals(scale(lin.call(Tensor.ones(1, 3)).toFloatArray(), 2), twice.toFloatArray(), 1e-6f);
    }

    @Test
    void aDeepCopyComputesFromItsOwnOriginal() {
        Linear lin = new Linear(2, 2);
        Parametrize.registerParametrization(lin, "weight", new Double());
        Linear copy = (Linear) lin.deepCopy();
        Parameter copyOriginal = (Parameter) copy.get("parametrizations.weight").getAttribute("original");
        copyOriginal.assign(Tensor.ones(2, 2));
        copy.call(Tensor.ones(1, 2)).sum().backward();
        assertArrayEquals(new float[]{2, 2, 2, 2}, copy.weight.toFloatArray());
        assertNotNull(copyOriginal.grad());
        assertEquals(null, ((Parameter) lin.get("parametrizations.weight").getAttribute("original")).grad());
    }

    @Test
    void weightAndSpectralNormPassGradCheck() {
        Linear lin = new Linear(4, 3);
        Parametrizations.weightNorm(lin, "weight", 1);
        Module wn = lin.get("parametrizations.weight.0");
        GradCheck.Report r = GradCheck.check(x -> wn.call(x[0], x[1]), Tensor.rand(1, 4).add(0.5f), Tensor.randn(3, 4));
        assertTrue(r.passed(), r.toString());

        Linear lin2 = new Linear(4, 3);
        Parametrizations.spectralNorm(lin2, "weight");
        Module sn = lin2.get("parametrizations.weight.0");
        sn.eval(); // fixed u and v: a function of the weight alone
        GradCheck.Report s = GradCheck.check(x -> sn.call(x[0]), Tensor.randn(3, 4));
        assertTrue(s.passed(), s.toString());

        for (int[] shape : new int[][]{{3, 3}, {4, 2}, {2, 4}}) { // matrix exponential, Householder, Householder transposed
            Linear lin3 = new Linear(shape[1], shape[0]);
            Parametrizations.orthogonal(lin3, "weight");
            Module orth = lin3.get("parametrizations.weight.0");
            Tensor start = Tensor.randn(shape).mul(0.1f).sub(Tensor.triu(Math.max(shape[0], shape[1]))
                    .narrow(0, 0, shape[0]).narrow(1, 0, shape[1]).mul(Tensor.tril(Math.max(shape[0], shape[1]))
                            .narrow(0, 0, shape[0]).narrow(1, 0, shape[1])).mul(1.5f)); // diagonal about -1.5: -1 after .int()
            GradCheck.Report o = GradCheck.check(x -> orth.call(x[0]), start);
            assertTrue(o.passed(), java.util.Arrays.toString(shape) + ": " + o);
            Tensor q = lin3.getAttribute("weight");
            Tensor gram = shape[0] >= shape[1] ? q.transpose(0, 1).matmul(q) : q.matmul(q.transpose(0, 1));
            float[] g = gram.toFloatArray();
            int n = Math.min(shape[0], shape[1]);
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertEquals(i == j ? 1f : 0f, g[i * n + j], 1e-5f);
        }
    }

    @Test
    void badRegistrationsSayWhatIsWrong() {
        Linear lin = new Linear(2, 2);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Parametrize.registerParametrization(lin, "kernel", new Double()));
        assertTrue(none.getMessage().contains("'kernel'"), none.getMessage());
        Module shrink = new Module() {
            @Override
            protected Tensor forward(Tensor x) {
                return x.sum(0, false);
            }
        };
        assertThrows(IllegalArgumentException.class, () -> Parametrize.registerParametrization(lin, "weight", shrink));
        assertFalse(Parametrize.isParametrized(lin), "nothing changed");
        assertTrue(lin.weight instanceof Parameter);
        assertThrows(IllegalArgumentException.class, () -> Parametrizations.weightNorm(lin, "weight", 2));
    }

    private static float[] scale(float[] a, float s) {
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] *= s;
        return out;
    }
}

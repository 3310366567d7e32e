package dev.hookbook.nn;

import static dev.hookbook.nn.LayerGradCheckTest.check;
import static dev.hookbook.nn.LayerGradCheckTest.rand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Tensor;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The sequence layers' gradients against finite differences, and the names of their backward nodes. */
class SequenceLayersGradCheckTest {

    private static Tensor indices(float... v) {
        return Tensor.of(v, 2, v.length / 2);
    }

    @Test
    void embeddingWeightWithRepeatedIndices() {
        Tensor idx = indices(0, 3, 3, 1, 4, 0);
        check(x -> F.embedding(x[0], x[1]), idx.requiresGrad(false), rand(1, 5, 3).requiresGrad(true));
        Tensor y = F.embedding(idx, rand(2, 5, 3).requiresGrad(true));
        assertEquals("EmbeddingBackward", y.gradFn());
    }

    @Test
    void layerNormInputWeightAndBias() {
        check(x -> F.layerNorm(x[0], new int[]{6}, x[1], x[2], 1e-5f), rand(3, 2, 3, 6), rand(4, 6), rand(5, 6));
        check(x -> F.layerNorm(x[0], new int[]{2, 3}, x[1], x[2], 1e-5f), rand(6, 4, 2, 3), rand(7, 2, 3), rand(8, 2, 3));
        assertEquals("NativeLayerNormBackward", F.layerNorm(rand(9, 2, 4).requiresGrad(true), new int[]{4}, null, null, 1e-5f).gradFn());
    }

    @Test
    void layerNormWithoutAffineParameters() {
        check(x -> F.layerNorm(x[0], new int[]{5}, null, null, 1e-5f), rand(10, 3, 5));
    }

    @Test
    void scaledDotProductAttentionQueryKeyValue() {
        check(x -> F.scaledDotProductAttention(x[0], x[1], x[2], null, false), rand(11, 2, 3, 4), rand(12, 2, 5, 4), rand(13, 2, 5, 3));
        check(x -> F.scaledDotProductAttention(x[0], x[1], x[2], null, true), rand(14, 2, 4, 4), rand(15, 2, 4, 4), rand(16, 2, 4, 2));
        check(x -> F.scaledDotProductAttention(x[0], x[1], x[2], rand(17, 3, 5), false), rand(18, 1, 3, 4), rand(19, 1, 5, 4), rand(20, 1, 5, 3));
    }

    @Test
    void multiheadAttentionQueryKeyValue() {
        Hookbook.manualSeed(3);
        MultiheadAttention mha = new MultiheadAttention(4, 2);
        check(x -> mha.call(x[0], x[1], x[2], F.causalMask(3)), rand(21, 2, 3, 4), rand(22, 2, 3, 4), rand(23, 2, 3, 4));
    }

    @Test
    void multiheadAttentionParameters() {
        Hookbook.manualSeed(4);
        MultiheadAttention mha = new MultiheadAttention(4, 2);
        try (var g = Autograd.noGrad()) {
            for (Parameter p : mha.parameters()) p.assign(rand(p.numel(), p.shape()).mul(0.5f));
        }
        Tensor q = rand(24, 2, 3, 4), k = rand(25, 2, 5, 4), v = rand(26, 2, 5, 4), upstream = rand(27, 2, 3, 4);
        checkParameters(mha, () -> mha.call(q, k, v).mul(upstream).sum());
    }

    /**
     * Each parameter element's gradient from backward against a central difference of the loss,
     * with GradCheck's step and tolerances; the parameters are left as they were.
     */
    private static void checkParameters(Module m, Supplier<Tensor> loss) {
        m.zeroGrad();
        loss.get().backward();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            float[] analytic = p.grad().toFloatArray(), values = p.toFloatArray();
            for (int j = 0; j < values.length; j++) {
                double h = 1e-3 * Math.max(1.0, Math.abs(values[j]));
                double plus = lossWith(p, values, j, values[j] + h, loss), minus = lossWith(p, values, j, values[j] - h, loss);
                double numeric = (plus - minus) / (2 * h);
                assertTrue(Math.abs(analytic[j] - numeric) <= 2e-3 + 1e-2 * Math.abs(numeric),
                        e.getKey() + "[" + j + "]: backward " + analytic[j] + ", finite difference " + numeric);
            }
            lossWith(p, values, 0, values[0], loss);
        }
    }

    private static double lossWith(Parameter p, float[] values, int j, double value, Supplier<Tensor> loss) {
        float[] changed = values.clone();
        changed[j] = (float) value;
        try (var g = Autograd.noGrad()) {
            p.assign(Tensor.of(changed, p.shape()));
            return loss.get().item();
        }
    }
}

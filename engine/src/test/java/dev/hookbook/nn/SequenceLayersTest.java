package dev.hookbook.nn;

import static dev.hookbook.nn.BadInputTest.assertMessage;
import static dev.hookbook.nn.LayerGradCheckTest.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.CallTrace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Embedding, LayerNorm and MultiheadAttention: shapes, parameters, hooks, masks and bad input. */
class SequenceLayersTest {

    @Test
    void embeddingPicksRowsForIndicesOfAnyShape() {
        Embedding e = new Embedding(4, 2);
        e.weight.assign(Tensor.of(new float[]{0, 1, 10, 11, 20, 21, 30, 31}, 4, 2));
        Tensor y = e.call(Tensor.of(new float[]{3, 0, 2, 2, 1, 3}, 2, 3));
        assertArrayEquals(new int[]{2, 3, 2}, y.shape());
        assertArrayEquals(new float[]{30, 31, 0, 1, 20, 21, 20, 21, 10, 11, 30, 31}, y.toFloatArray());
        assertArrayEquals(new int[]{2}, e.call(Tensor.scalar(1)).shape());
        assertEquals("Embedding(4, 2)", e.toString());
        assertEquals(List.of("weight"), List.copyOf(e.stateDict().keySet()));
    }

    @Test
    void embeddingGradientAddsUpRepeatedIndices() {
        Embedding e = new Embedding(3, 2);
        e.call(Tensor.of(new float[]{1, 1, 2, 1}, 4)).sum().backward();
        assertArrayEquals(new float[]{0, 0, 3, 3, 1, 1}, e.weight.grad().toFloatArray());
    }

    @Test
    void embeddingOutOfRangeNamesTheModuleTheIndexAndTheTableSize() {
        Sequential m = new Sequential(new Embedding(10, 4));
        ModuleException ex = assertMessage(ModuleException.class, () -> m.call(Tensor.of(new float[]{1, 12}, 2)),
                "Embedding 10x4", "index 12 is out of range", "0 <= index < 10", "weight [10, 4]", "indices [2]");
        assertEquals("0", ex.modulePath());
        assertMessage(ModuleException.class, () -> m.call(Tensor.of(new float[]{-1}, 1)), "index -1 is out of range");
        assertMessage(ModuleException.class, () -> m.call(Tensor.of(new float[]{1.5f}, 1)), "whole-number indices, got 1.5");
        assertMessage(IllegalArgumentException.class, () -> F.embedding(Tensor.zeros(2), Tensor.zeros(3)),
                "expected weight [num_embeddings, embedding_dim], got [3]");
        assertMessage(IllegalArgumentException.class, () -> new Embedding(0, 3), "Embedding(0, 3): sizes must be positive");
    }

    @Test
    void layerNormNormalisesTheLastDimsWithAffineDefaults() {
        LayerNorm ln = new LayerNorm(4);
        Tensor y = ln.call(Tensor.of(new float[]{1, 2, 3, 4, 10, 10, 10, 14}, 2, 4));
        float[] v = y.toFloatArray();
        for (int r = 0; r < 2; r++) {
            double mean = 0, sq = 0;
            for (int j = 0; j < 4; j++) mean += v[r * 4 + j] / 4.0;
            for (int j = 0; j < 4; j++) sq += (v[r * 4 + j] - mean) * (v[r * 4 + j] - mean) / 4.0;
            assertEquals(0, mean, 1e-6);
            assertEquals(1, sq, 1e-4);
        }
        assertEquals("LayerNorm((4,), eps=1e-05, elementwise_affine=True)", ln.toString());
        assertEquals("LayerNorm((2, 3), eps=1e-05, elementwise_affine=True)", new LayerNorm(2, 3).toString());
        assertEquals("LayerNorm((3,), eps=0.001, elementwise_affine=False)", new LayerNorm(new int[]{3}, 1e-3f, false).toString());
        assertEquals(List.of("weight", "bias"), List.copyOf(ln.stateDict().keySet()));
        assertEquals(0, new LayerNorm(new int[]{3}, 1e-5f, false).parameters().size());
    }

    @Test
    void layerNormBadShapes() {
        assertMessage(ModuleException.class, () -> new LayerNorm(4).call(Tensor.zeros(2, 5)),
                "LayerNorm [4]", "expected input [*, 4] for normalized shape [4], got [2, 5]");
        assertMessage(ModuleException.class, () -> new LayerNorm(2, 3).call(Tensor.zeros(3, 2)),
                "expected input [*, 2, 3] for normalized shape [2, 3], got [3, 2]");
        assertMessage(IllegalArgumentException.class, () -> F.layerNorm(Tensor.zeros(2, 4), new int[]{4}, Tensor.ones(3), null, 1e-5f),
                "expected weight [4], got [3]");
        assertMessage(IllegalArgumentException.class, () -> new LayerNorm(), "expected at least one dim");
    }

    @Test
    void causalMaskIsZeroOnAndBelowTheDiagonal() {
        float inf = Float.NEGATIVE_INFINITY;
        assertArrayEquals(new float[]{0, inf, inf, 0, 0, inf, 0, 0, 0}, F.causalMask(3).toFloatArray());
        assertArrayEquals(new int[]{3, 3}, F.causalMask(3).shape());
    }

    @Test
    void causalAttentionIgnoresLaterPositions() {
        Tensor q = rand(1, 1, 4, 3), k = rand(2, 1, 4, 3), v = rand(3, 1, 4, 2);
        Tensor full = F.scaledDotProductAttention(q, k, v, null, true);
        Tensor changedLast = Tensor.of(changeRow(v.toFloatArray(), 3, 2), 1, 4, 2);
        Tensor again = F.scaledDotProductAttention(q, k, changedLast, null, true);
        float[] a = full.toFloatArray(), b = again.toFloatArray();
        for (int i = 0; i < 6; i++) assertEquals(a[i], b[i], "position " + i / 2 + " must not see the last value");
        assertTrue(a[7] != b[7], "the last position sees its own value");
        assertArrayEquals(full.toFloatArray(), F.scaledDotProductAttention(q, k, v, F.causalMask(4), false).toFloatArray());
        assertMessage(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k, v, F.causalMask(4), true),
                "either a mask or causal = true, not both");
        assertMessage(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k, v, Tensor.zeros(4, 3), false),
                "expected an additive mask [..., 4, 4]", "got [4, 3]");
        assertMessage(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, rand(4, 1, 4, 2), v, null, false),
                "expected q [..., L, E], k [..., S, E] and v [..., S, Ev]");
    }

    private static float[] changeRow(float[] v, int row, int width) {
        float[] c = v.clone();
        for (int j = 0; j < width; j++) c[row * width + j] += 5;
        return c;
    }

    @Test
    void scaledDotProductAttentionShowsItsOpsInATrace() {
        Tensor q = rand(1, 2, 3, 4);
        String trace = CallTrace.record(() -> F.scaledDotProductAttention(q, q, q, null, true)).toString();
        for (String op : List.of("op Transpose", "op Bmm", "op Mul", "op Add", "op Softmax")) {
            assertTrue(trace.contains(op), "trace lacks " + op + ":\n" + trace);
        }
    }

    @Test
    void multiheadAttentionHasPyTorchsParametersAndRepr() {
        MultiheadAttention mha = new MultiheadAttention(8, 2);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(mha.stateDict().keySet()));
        assertArrayEquals(new int[]{24, 8}, mha.inProjWeight.shape());
        assertArrayEquals(new float[24], mha.inProjBias.toFloatArray());
        assertArrayEquals(new float[8], mha.outProj.bias.toFloatArray());
        float bound = (float) Math.sqrt(6.0 / (8 + 24));
        for (float w : mha.inProjWeight.toFloatArray()) assertTrue(Math.abs(w) <= bound, "xavier bound");
        assertEquals("MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, bias=True)\n)",
                mha.toString());
        assertSame(mha.attnDropout, mha.get("attn_dropout"));
    }

    @Test
    void aForwardHookOnAttnDropoutSeesTheWeightsPerHead() {
        Hookbook.manualSeed(1);
        MultiheadAttention mha = new MultiheadAttention(6, 3);
        Tensor[] seen = new Tensor[1];
        mha.get("attn_dropout").registerForwardHook((m, in, out) -> {
            seen[0] = in[0];
            return null;
        });
        Tensor y = mha.call(rand(1, 2, 4, 6), rand(2, 2, 5, 6), rand(3, 2, 5, 6));
        assertArrayEquals(new int[]{2, 4, 6}, y.shape());
        assertArrayEquals(new int[]{2, 3, 4, 5}, seen[0].shape());
        float[] w = seen[0].toFloatArray();
        for (int row = 0; row < w.length / 5; row++) {
            double s = 0;
            for (int j = 0; j < 5; j++) s += w[row * 5 + j];
            assertEquals(1.0, s, 1e-5, "each row of weights sums to 1");
        }
    }

    @Test
    void multiheadAttentionMaskShapes() {
        Hookbook.manualSeed(2);
        MultiheadAttention mha = new MultiheadAttention(4, 2);
        Tensor q = rand(4, 3, 2, 4), k = rand(5, 3, 5, 4);
        Tensor perBatch = rand(6, 3, 2, 5);
        // [B, L, S] is the same mask for every head; [B * H, L, S] spelled out per head gives the same.
        float[] pb = perBatch.toFloatArray(), perHead = new float[3 * 2 * 2 * 5];
        for (int b = 0; b < 3; b++) {
            for (int h = 0; h < 2; h++) System.arraycopy(pb, b * 10, perHead, (b * 2 + h) * 10, 10);
        }
        float[] a = mha.call(q, k, k, perBatch).toFloatArray();
        float[] c = mha.call(q, k, k, Tensor.of(perHead, 6, 2, 5)).toFloatArray();
        assertArrayEquals(a, c);
        assertFalse(Arrays.equals(a, mha.call(q, k, k).toFloatArray()), "the mask changes the output");
        assertMessage(ModuleException.class, () -> mha.call(q, k, k, Tensor.zeros(2, 2)),
                "expected a mask [2, 5], [6, 2, 5] or [3, 2, 5]", "got [2, 2]");
    }

    @Test
    void multiheadAttentionBadInput() {
        MultiheadAttention mha = new MultiheadAttention(4, 2);
        assertMessage(ModuleException.class, () -> mha.call(Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 4)),
                "MultiheadAttention 4, heads=2", "expected query [B, L, 4], key and value [B, S, 4] (batch first), got [2, 3, 5]");
        assertMessage(ModuleException.class, () -> mha.call(Tensor.zeros(2, 3, 4)), "expected call(query, key, value)");
        assertMessage(IllegalArgumentException.class, () -> new MultiheadAttention(6, 4), "divisible by num_heads");
    }

    @Test
    void attentionDropoutAppliesOnlyInTraining() {
        Hookbook.manualSeed(5);
        MultiheadAttention mha = new MultiheadAttention(4, 1, 0.5f);
        Tensor[] seen = new Tensor[2];
        mha.get("attn_dropout").registerForwardHook((m, in, out) -> {
            seen[0] = in[0];
            seen[1] = out;
            return null;
        });
        Tensor q = rand(7, 1, 6, 4);
        mha.call(q, q, q);
        long zeros = 0;
        for (float w : seen[1].toFloatArray()) if (w == 0f) zeros++;
        assertTrue(zeros > 0, "dropout in training zeroes some weights");
        mha.eval();
        mha.call(q, q, q);
        assertSame(seen[0], seen[1], "in eval the weights pass unchanged");
    }
}

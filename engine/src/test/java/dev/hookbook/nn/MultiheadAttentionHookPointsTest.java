package dev.hookbook.nn;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.hookbook.nn.LayerGradCheckTest.check;
import static dev.hookbook.nn.LayerGradCheckTest.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MultiheadAttention's hook points: what each sees (q, k, v, scores before the mask, the pattern
 * after the softmax, each head's z), that a replacement returned there changes the result, and
 * that gradients flow through them.
 */
public class MultiheadAttentionHookPointsTest {
    static final List<String> HOOKS = List.of("hook_q", "hook_k", "hook_v", "hook_scores", "hook_pattern", "hook_z");
    static final int B = 2, L = 4, S = 5, E = 6, H = 3, D = E / H;

    /** Forward hooks on every hook point that keep what passed. */
    static Map<String, Tensor> watch(MultiheadAttention mha) {
        Map<String, Tensor> seen = new HashMap<>();
        for (String name : HOOKS) mha.get(name).registerForwardObserver((m, in, out) -> seen.put(name, out));
        return seen;
    }

    /** z [B, H, L, D] with its heads side by side and through out_proj, as forward ends. */
    static Tensor outputFromZ(MultiheadAttention mha, Tensor z) {
        return F.linear(z.transpose(1, 2).reshape(z.size(0), z.size(2), mha.embedDim), mha.outProj.weight, mha.outProj.bias);
    }

    static Tensor zeroHead(Tensor z, int head) {
        float[] keep = {1f, 1f, 1f};
        keep[head] = 0f;
        return z.mul(Tensor.of(keep, 1, H, 1, 1).to(z.device()));
    }

    @Test
    void eachHookPointSeesItsStepWithTheDocumentedShape() {
        Hookbook.manualSeed(1);
        MultiheadAttention mha = new MultiheadAttention(E, H);
        Map<String, Tensor> seen = watch(mha);
        Tensor q = rand(1, B, L, E), k = rand(2, B, S, E), v = rand(3, B, S, E), mask = rand(4, L, S);
        Tensor y = mha.call(q, k, v, mask);

        assertArrayEquals(new int[]{B, H, L, D}, seen.get("hook_q").shape());
        assertArrayEquals(new int[]{B, H, S, D}, seen.get("hook_k").shape());
        assertArrayEquals(new int[]{B, H, S, D}, seen.get("hook_v").shape());
        assertArrayEquals(new int[]{B, H, L, S}, seen.get("hook_scores").shape());
        assertArrayEquals(new int[]{B, H, L, S}, seen.get("hook_pattern").shape());
        assertArrayEquals(new int[]{B, H, L, D}, seen.get("hook_z").shape());

        Tensor wq = mha.inProjWeight.narrow(0, 0, E), bq = mha.inProjBias.narrow(0, 0, E);
        Tensor wv = mha.inProjWeight.narrow(0, 2 * E, E), bv = mha.inProjBias.narrow(0, 2 * E, E);
        assertClose(F.linear(q, wq, bq).reshape(B, L, H, D).transpose(1, 2), seen.get("hook_q"));
        assertClose(F.linear(v, wv, bv).reshape(B, S, H, D).transpose(1, 2), seen.get("hook_v"));
        Tensor scores = seen.get("hook_q").matmul(seen.get("hook_k").transpose(-2, -1)).div((float) Math.sqrt(D));
        assertClose(scores, seen.get("hook_scores"));
        assertClose(scores.add(mask).softmax(-1), seen.get("hook_pattern"));
        assertClose(seen.get("hook_pattern").matmul(seen.get("hook_v")), seen.get("hook_z"));
        assertClose(outputFromZ(mha, seen.get("hook_z")), y);
    }

    @Test
    void selfAttentionSeesTheSameSteps() {
        Hookbook.manualSeed(2);
        MultiheadAttention mha = new MultiheadAttention(E, H);
        Map<String, Tensor> seen = watch(mha);
        Tensor x = rand(5, B, L, E);
        Tensor y = mha.call(x, x, x, F.causalMask(L));
        Tensor wk = mha.inProjWeight.narrow(0, E, E), bk = mha.inProjBias.narrow(0, E, E);
        assertClose(F.linear(x, wk, bk).reshape(B, L, H, D).transpose(1, 2), seen.get("hook_k"));
        float[] pattern = seen.get("hook_pattern").toFloatArray();
        for (int row = 0; row < B * H * L; row++) {
            for (int j = row % L + 1; j < L; j++) assertEquals(0f, pattern[row * L + j], "the causal mask applies after hook_scores");
        }
        assertClose(outputFromZ(mha, seen.get("hook_z")), y);
    }

    @Test
    void aHeadZeroedAtHookZIsLeftOutOfTheOutput() {
        checkZeroedHeadAndGradient(Device.CPU);
    }

    /** Zeroing head 1 at hook_z, and d loss / d z seen by a backward hook there, on {@code device}. */
    public static void checkZeroedHeadAndGradient(Device device) {
        Hookbook.manualSeed(3);
        MultiheadAttention mha = new MultiheadAttention(E, H);
        mha.to(device);
        Tensor x = rand(6, B, L, E).to(device);
        Tensor[] z = new Tensor[1];
        mha.hookZ.registerForwardObserver((m, in, out) -> z[0] = out);
        Tensor plain = mha.call(x, x, x);

        var handle = mha.hookZ.registerForwardHook((m, in, out) -> zeroHead(out, 1));
        Tensor ablated = mha.call(x, x, x);
        handle.remove();
        assertClose(outputFromZ(mha, zeroHead(z[0], 1)), ablated);
        assertFalse(maxDiff(plain, ablated) < 1e-3, "zeroing a head changes the output");

        // loss = sum(y * w): d loss / d merged = w out_proj.weight, which is d loss / d z with the heads apart.
        Tensor w = rand(7, B, L, E).to(device);
        Tensor[] gradZ = new Tensor[1];
        mha.hookZ.registerFullBackwardHook((m, gradIn, gradOut) -> { gradZ[0] = gradOut[0]; return null; });
        Tensor xg = x.detach().requiresGrad(true);
        mha.call(xg, xg, xg).mul(w).sum().backward();
        assertNotNull(gradZ[0], "the backward hook on hook_z ran");
        Tensor expected = w.matmul(mha.outProj.weight.detach()).reshape(B, L, H, D).transpose(1, 2);
        assertEquals(device, gradZ[0].device());
        assertClose(expected, gradZ[0]);
        assertNotNull(xg.grad(), "the gradient went on through the hook points to the input");
    }

    @Test
    void aReplacedPatternIsWhatTheValuesAreMixedWith() {
        Hookbook.manualSeed(4);
        MultiheadAttention mha = new MultiheadAttention(E, H);
        Map<String, Tensor> seen = watch(mha);
        mha.hookPattern.registerForwardHook((m, in, out) -> Tensor.ones(B, H, L, S).div((float) S));
        Tensor q = rand(8, B, L, E), kv = rand(9, B, S, E);
        Tensor y = mha.call(q, kv, kv);
        Tensor uniform = seen.get("hook_v").mean(2, true).expand(B, H, L, D);
        assertClose(uniform, seen.get("hook_z"));
        assertClose(outputFromZ(mha, uniform), y);
    }

    @Test
    void scoresReplacedBeforeTheMaskAreStillMasked() {
        Hookbook.manualSeed(5);
        MultiheadAttention mha = new MultiheadAttention(E, H);
        Map<String, Tensor> seen = watch(mha);
        mha.hookScores.registerForwardHook((m, in, out) -> out.mul(0f));
        Tensor x = rand(10, 1, L, E);
        mha.call(x, x, x, F.causalMask(L));
        float[] p = seen.get("hook_pattern").toFloatArray();
        for (int h = 0; h < H; h++) {
            for (int i = 0; i < L; i++) {
                for (int j = 0; j < L; j++) {
                    assertEquals(j <= i ? 1f / (i + 1) : 0f, p[(h * L + i) * L + j], 1e-6f, "head " + h + ", row " + i + ", col " + j);
                }
            }
        }
    }

    @Test
    void gradientsThroughAReplacingHookMatchFiniteDifferences() {
        Hookbook.manualSeed(6);
        MultiheadAttention mha = new MultiheadAttention(4, 2);
        mha.hookPattern.registerForwardHook((m, in, out) -> out.mul(out));
        mha.hookV.registerForwardHook((m, in, out) -> out.mul(2f));
        check(x -> mha.call(x[0], x[1], x[1], F.causalMask(3)), rand(11, 2, 3, 4), rand(12, 2, 3, 4));
    }

    @Test
    void dropoutStillActsAfterHookPatternInTraining() {
        Hookbook.manualSeed(7);
        MultiheadAttention mha = new MultiheadAttention(4, 1, 0.5f);
        Tensor[] dropped = new Tensor[1];
        Map<String, Tensor> seen = watch(mha);
        mha.attnDropout.registerForwardObserver((m, in, out) -> dropped[0] = out);
        Tensor x = rand(13, 1, 6, 4);
        mha.call(x, x, x);
        float[] p = seen.get("hook_pattern").toFloatArray();
        for (int row = 0; row < 6; row++) {
            double sum = 0;
            for (int j = 0; j < 6; j++) sum += p[row * 6 + j];
            assertEquals(1.0, sum, 1e-5, "hook_pattern is before dropout: rows sum to 1");
        }
        long zeros = 0;
        for (float w : dropped[0].toFloatArray()) if (w == 0f) zeros++;
        assertTrue(zeros > 0, "attn_dropout still drops in training");
    }

    @Test
    void hookPointsAreChildrenButNotStateNorRepr() {
        MultiheadAttention mha = new MultiheadAttention(4, 2);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(mha.stateDict().keySet()));
        assertEquals(List.of("", "out_proj", "attn_dropout", "hook_q", "hook_k", "hook_v", "hook_scores", "hook_pattern", "hook_z"),
                List.copyOf(mha.namedModules().keySet()));
        assertEquals("MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=4, out_features=4, bias=True)\n)",
                mha.toString());
    }

    static double maxDiff(Tensor a, Tensor b) {
        float[] x = a.to(Device.CPU).toFloatArray(), y = b.to(Device.CPU).toFloatArray();
        double worst = 0;
        for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
        return worst;
    }

    static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        assertTrue(maxDiff(expected, actual) <= 1e-5, "largest difference " + maxDiff(expected, actual));
    }
}

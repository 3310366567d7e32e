package dev.hookbook.models;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.HookPoint;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ModuleException;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MiniGpt's hook point names, generation and error messages (its numbers against PyTorch: MiniGptGoldenTest). */
class MiniGptTest {
    private static final MiniGpt.Config SMALL = new MiniGpt.Config(7, 5, 8, 2, 2);

    private static MiniGpt model() {
        Hookbook.manualSeed(0);
        return new MiniGpt(SMALL);
    }

    private static Tensor tokens(float... ids) {
        return Tensor.of(ids, 1, ids.length);
    }

    @Test
    void hookPointsHaveTransformerLensNames() {
        List<String> names = new ArrayList<>();
        model().namedModules().forEach((n, m) -> { if (m instanceof HookPoint) names.add(n); });
        List<String> expected = new ArrayList<>(List.of("hook_embed", "hook_pos_embed"));
        for (int b = 0; b < 2; b++) {
            String p = "blocks." + b + ".";
            expected.addAll(List.of(p + "hook_resid_pre", p + "attn.hook_q", p + "attn.hook_k", p + "attn.hook_v",
                    p + "attn.hook_scores", p + "attn.hook_pattern", p + "attn.hook_z", p + "hook_attn_out", p + "hook_resid_mid",
                    p + "mlp.hook_pre", p + "mlp.hook_post", p + "hook_mlp_out", p + "hook_resid_post"));
        }
        assertEquals(expected, names);
    }

    @Test
    void theMlpIsASequentialOfLinearGeluLinear() {
        MiniGpt gpt = model();
        MiniGpt.Block block = (MiniGpt.Block) gpt.blocks.get(0);
        assertEquals(3, block.mlp.size());
        assertEquals("Linear", block.mlp.get(0).getClass().getSimpleName());
        assertEquals("GELU", block.mlp.get(1).getClass().getSimpleName());
        assertEquals("Linear", block.mlp.get(2).getClass().getSimpleName());
    }

    @Test
    void residualHookPointsChainFromBlockToBlock() {
        MiniGpt gpt = model();
        Tensor[] post0 = new Tensor[1], pre1 = new Tensor[1], mlpPost = new Tensor[1], mlpPre = new Tensor[1];
        gpt.get("blocks.0.hook_resid_post").registerForwardObserver((m, in, out) -> post0[0] = out);
        gpt.get("blocks.1.hook_resid_pre").registerForwardObserver((m, in, out) -> pre1[0] = out);
        gpt.get("blocks.0.mlp.hook_pre").registerForwardObserver((m, in, out) -> mlpPre[0] = out);
        gpt.get("blocks.0.mlp.hook_post").registerForwardObserver((m, in, out) -> mlpPost[0] = out);
        Tensor logits = gpt.call(tokens(1, 2, 3, 4));
        assertArrayEquals(new int[]{1, 4, 7}, logits.shape());
        assertArrayEquals(post0[0].toFloatArray(), pre1[0].toFloatArray(), 0f);
        assertArrayEquals(new int[]{1, 4, 32}, mlpPre[0].shape());
        assertArrayEquals(mlpPre[0].gelu().toFloatArray(), mlpPost[0].toFloatArray(), 1e-6f);
    }

    @Test
    void aResidualStreamReplacedAtHookResidPostChangesTheLogits() {
        MiniGpt gpt = model();
        Tensor x = tokens(1, 2, 3);
        Tensor before = gpt.call(x);
        gpt.get("blocks.1.hook_resid_post").registerForwardHook((m, in, out) -> out.mul(0f));
        Tensor after = gpt.call(x);
        // A zero residual stream normalises to LayerNorm's bias: every position gets the same logits, the head of ln.bias.
        Tensor expected = gpt.head.call(gpt.ln.bias.reshape(1, 1, 8)).expand(1, 3, 7);
        assertArrayEquals(expected.toFloatArray(), after.toFloatArray(), 1e-5f);
        assertFalse(java.util.Arrays.equals(before.toFloatArray(), after.toFloatArray()));
    }

    @Test
    void greedyGenerationTakesTheHighestLogitEachStep() {
        MiniGpt gpt = model();
        Tensor prompt = tokens(3, 1);
        Tensor out = gpt.generate(prompt, 6, 0f, 0);
        assertArrayEquals(new int[]{1, 8}, out.shape());
        float[] ids = out.toFloatArray();
        assertEquals(3f, ids[0]);
        assertEquals(1f, ids[1]);
        for (int t = 2; t < 8; t++) {
            int from = Math.max(0, t - SMALL.blockSize());
            Tensor context = out.narrow(1, from, t - from);
            Tensor last = gpt.call(context).narrow(1, t - from - 1, 1).reshape(SMALL.vocab());
            assertEquals(last.argmax(0).item(), ids[t], "token " + t + " is the argmax of the logits before it");
        }
    }

    @Test
    void topKOfOneIsGreedyAndSamplingFollowsTheSeed() {
        MiniGpt gpt = model();
        Tensor prompt = Tensor.of(new float[]{0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor greedy = gpt.generate(prompt, 4, 0f, 0);
        assertArrayEquals(greedy.toFloatArray(), gpt.generate(prompt, 4, 1.3f, 1).toFloatArray(), 0f);
        Hookbook.manualSeed(11);
        Tensor a = gpt.generate(prompt, 9, 1f, 3);
        Hookbook.manualSeed(11);
        Tensor b = gpt.generate(prompt, 9, 1f, 3);
        assertArrayEquals(new int[]{2, 12}, a.shape());
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
        for (float id : a.toFloatArray()) assertTrue(id >= 0 && id < 7 && id == Math.rint(id), "a token id: " + id);
    }

    @Test
    void aOneDimensionalPromptGivesOneDimensionalTokensAndTheModeIsKept() {
        MiniGpt gpt = model();
        assertTrue(gpt.isTraining());
        Tensor out = gpt.generate(Tensor.of(new float[]{2}, 1), 3, 0f, 0);
        assertArrayEquals(new int[]{4}, out.shape());
        assertTrue(gpt.isTraining(), "generate runs in eval mode and restores training mode");
        gpt.eval();
        gpt.generate(Tensor.of(new float[]{2}, 1), 1, 0f, 0);
        assertFalse(gpt.isTraining());
    }

    @Test
    void deepCopyGivesTheSameLogits() {
        MiniGpt gpt = model();
        Module copy = gpt.deepCopy();
        Tensor x = tokens(4, 5, 6);
        assertArrayEquals(gpt.call(x).toFloatArray(), copy.call(x).toFloatArray(), 0f);
        assertEquals(gpt.toString(), copy.toString());
    }

    @Test
    void badInputSaysWhatWasExpected() {
        var config = assertThrows(IllegalArgumentException.class, () -> new MiniGpt.Config(10, 8, 30, 4, 2));
        assertEquals("MiniGpt.Config: expected positive sizes with embed divisible by heads, got vocab 10, blockSize 8, embed 30, "
                + "heads 4, layers 2", config.getMessage());
        MiniGpt gpt = model();
        var tooLong = assertThrows(ModuleException.class, () -> gpt.call(tokens(1, 2, 3, 4, 5, 6)));
        assertEquals("MiniGpt vocab=7, block=5, embed=8, heads=2, layers=2: expected token ids [B, T] with 1 <= T <= 5 "
                + "(the block size), got [1, 6]", tooLong.getMessage());
        assertTrue(tooLong.getCause() instanceof IllegalArgumentException);
        var steps = assertThrows(IllegalArgumentException.class, () -> gpt.generate(tokens(1), -1, 0f, 0));
        assertEquals("MiniGpt.generate: expected steps >= 0, temperature >= 0 and topK >= 0, got steps -1, temperature 0.0, topK 0",
                steps.getMessage());
        var prompt = assertThrows(IllegalArgumentException.class, () -> gpt.generate(Tensor.zeros(1, 2, 3), 1, 0f, 0));
        assertEquals("MiniGpt.generate: expected a prompt of token ids [B, T] or [T] with T >= 1, got [1, 2, 3]", prompt.getMessage());
    }
}

package dev.hookbook.golden;

import com.google.gson.JsonObject;
import dev.hookbook.interp.ActivationCache;
import dev.hookbook.interp.CachedRun;
import dev.hookbook.interp.Interp;
import dev.hookbook.interp.NamePattern;
import dev.hookbook.interp.Patching;
import dev.hookbook.models.MiniGpt;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.hookbook.golden.GptGoldenTest.assertScaledClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The interpretability tools on notebook 07's GPT with PyTorch's weights give what the same
 * recipes give in PyTorch with forward hooks on TransformerLens-style hook points
 * ({@code tools/golden/make_interp_fixtures.py}): the cached activations, the gradients of the
 * loss with respect to them, activation patching by position and by head, zero, mean and head
 * ablation, and the logit lens. Each within 1e-4 of the tensor's scale.
 */
public class InterpGoldenTest {
    private static final JsonObject EXPECTED = Golden.load("interp.json").getAsJsonObject();
    private static final int VOCAB = 27;

    private static Tensor expected(String key) {
        return Golden.tensor(EXPECTED.getAsJsonObject(key));
    }

    /** Every check of the fixture on {@code device}. */
    public static void checkAgainstPyTorch(Device device) throws Exception {
        MiniGpt model = MiniGptGoldenTest.pytorchsMiniGpt();
        model.to(device);
        Tensor clean = expected("clean").to(device), corrupted = expected("corrupted").to(device);
        Tensor targets = expected("targets").to(device);

        // The cache: every module's output, here five of them and the logits.
        CachedRun run = Interp.runWithCache(model, clean);
        assertScaledClose("clean logits", expected("cleanLogits"), run.output());
        for (Map.Entry<String, Tensor> e : Golden.named(EXPECTED.getAsJsonArray("cache")).entrySet()) {
            assertScaledClose("cache " + e.getKey(), e.getValue(), run.cache().get(e.getKey()));
        }
        ActivationCache cache = run.cache();

        // d loss / d activation.
        Map<String, Tensor> grads = Golden.named(EXPECTED.getAsJsonArray("grads"));
        CachedRun withGrads = Interp.runWithCache(model, NamePattern.of(grads.keySet().toArray(String[]::new)),
                logits -> F.crossEntropy(logits.reshape(-1, VOCAB), targets.reshape(-1)), clean);
        assertScaledClose("loss", expected("loss"), withGrads.loss());
        assertEquals(List.of("hook_embed", "blocks.0.attn.hook_pattern", "blocks.0.hook_resid_post", "blocks.1.attn.hook_z",
                "blocks.1.mlp.hook_post"), withGrads.cache().keys(), "cached names, in model order");
        for (Map.Entry<String, Tensor> e : grads.entrySet()) {
            assertScaledClose("grad of " + e.getKey(), e.getValue(), withGrads.cache().grad(e.getKey()));
        }

        // Activation patching.
        var metric = Patching.logitDifference(EXPECTED.get("correct").getAsInt(), EXPECTED.get("wrong").getAsInt());
        Patching.Result byPosition = Patching.run(model, clean, corrupted, metric, "blocks.*.hook_resid_pre");
        assertScaledClose("patching blocks.*.hook_resid_pre by position", expected("patchResidPre"), byPosition.values());
        assertEquals(EXPECTED.get("cleanMetric").getAsDouble(), byPosition.clean(), 1e-4);
        assertEquals(EXPECTED.get("corruptedMetric").getAsDouble(), byPosition.corrupted(), 1e-4);
        Patching.Result byHead = Patching.run(model, clean, corrupted, metric, "blocks.*.attn.hook_z");
        assertScaledClose("patching blocks.*.attn.hook_z by head", expected("patchHeads"), byHead.values());
        assertScaledClose("patching blocks.*.attn.hook_z by head and position", expected("patchHeadsByPosition"),
                Patching.runPerHeadAndPosition(model, clean, corrupted, metric, "blocks.*.attn.hook_z").values());

        // Ablation.
        assertScaledClose("zero ablation of blocks.1.hook_mlp_out", expected("zeroAblatedLogits"),
                Interp.runWithHooks(model, List.of(Interp.zeroAblate("blocks.1.hook_mlp_out")), () -> model.call(corrupted)));
        assertScaledClose("head 2 of blocks.0.attn ablated", expected("headAblatedLogits"),
                Interp.runWithHooks(model, List.of(Interp.ablateHead("blocks.0.attn", 2)), () -> model.call(corrupted)));
        assertScaledClose("mean ablation of blocks.0.hook_attn_out", expected("meanAblatedLogits"),
                Interp.runWithHooks(model, List.of(Interp.meanAblate("blocks.0.hook_attn_out", cache)), () -> model.call(corrupted)));

        // The logit lens.
        assertScaledClose("logit lens", expected("logitLens"), model.logitLens(cache));
        assertEquals(0, model.hooks().size(), "no hook left behind");
    }

    @Test
    void cacheGradientsPatchingAblationAndLogitLensMatchPyTorchOnTheCpu() throws Exception {
        checkAgainstPyTorch(Device.CPU);
    }
}

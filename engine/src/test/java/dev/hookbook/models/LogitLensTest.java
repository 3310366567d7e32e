package dev.hookbook.models;

import dev.hookbook.Hookbook;
import dev.hookbook.interp.CachedRun;
import dev.hookbook.interp.Interp;
import dev.hookbook.interp.NamePattern;
import dev.hookbook.interp.Patching;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** MiniGpt's logit lens, and the README's recipe on a MiniGpt. */
class LogitLensTest {

    private static MiniGpt model() {
        Hookbook.manualSeed(3);
        return new MiniGpt(new MiniGpt.Config(11, 6, 16, 4, 3));
    }

    private static Tensor tokens(float... ids) {
        return Tensor.of(ids, 1, ids.length);
    }

    @Test
    void theLastLayerOfTheLensIsTheModelsOutput() {
        MiniGpt model = model();
        CachedRun run = Interp.runWithCache(model, tokens(1, 4, 2, 7, 3));
        Tensor lens = model.logitLens(run.cache());
        assertArrayEquals(new int[]{4, 1, 5, 11}, lens.shape());
        assertArrayEquals(run.output().toFloatArray(), lens.narrow(0, 3, 1).toFloatArray(), 1e-5f);
        assertFalse(lens.requiresGrad());
        // Row 0 reads the embeddings: head(ln(tok + pos)).
        Tensor embedded = run.cache().get("hook_embed").add(run.cache().get("hook_pos_embed"));
        assertArrayEquals(model.head.call(model.ln.call(embedded)).toFloatArray(), lens.narrow(0, 0, 1).toFloatArray(), 1e-5f);
    }

    @Test
    void aCacheWithoutTheResidualStreamIsAnErrorNamingIt() {
        MiniGpt model = model();
        CachedRun run = Interp.runWithCache(model, NamePattern.of("blocks.*.attn.hook_z"), tokens(1, 2));
        assertMessage(IllegalArgumentException.class, () -> model.logitLens(run.cache()), "ActivationCache.get(\"blocks.0.hook_resid_pre\")");
    }

    @Test
    void theReadmeRecipeRuns() {
        MiniGpt model = model();
        Tensor tokens = tokens(1, 4, 2, 7, 3), clean = tokens, corrupted = tokens(1, 4, 9, 7, 3);
        CachedRun run = Interp.runWithCache(model, tokens);
        assertArrayEquals(new int[]{1, 4, 5, 5}, run.cache().get("blocks.0.attn.hook_pattern").shape());
        assertArrayEquals(new int[]{3, 1, 5, 16}, run.cache().stack("blocks.*.hook_resid_post").shape());
        List<String> seen = new java.util.ArrayList<>();
        Tensor logits = Interp.runWithHooks(model, List.of(
                Interp.ablateHead("blocks.1.attn", 3),
                Interp.forward("blocks.*.hook_resid_mid", (name, m, in, out) -> { seen.add(name); return null; })),
                () -> model.call(tokens));
        assertEquals(List.of("blocks.0.hook_resid_mid", "blocks.1.hook_resid_mid", "blocks.2.hook_resid_mid"), seen);
        assertFalse(java.util.Arrays.equals(run.output().toFloatArray(), logits.toFloatArray()), "the ablated head changed the logits");
        var result = Patching.run(model, clean, corrupted, Patching.logitDifference(2, 5), "blocks.*.hook_resid_pre");
        assertArrayEquals(new int[]{3, 5}, result.values().shape());
        // Patching position 2 (the one corrupted) of the first residual stream restores the clean run.
        assertEquals(result.clean(), result.values().toFloatArray()[2], 1e-5);
        assertEquals(result.corrupted(), result.values().toFloatArray()[0], 1e-5);
        assertEquals(3, result.chart().rowLabels().size());
        assertEquals(0, model.hooks().size());
    }
}

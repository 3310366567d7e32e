package dev.hookbook.interp;

import dev.hookbook.nn.F;
import dev.hookbook.nn.HookPoint;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpTest {

    /** fc's output goes through a hook point and is also added to what comes out of it; a second Linear's output is unused. */
    static final class TwoPaths extends Module {
        final Linear fc = addModule("fc", new Linear(3, 2));
        final HookPoint hook = addModule("hook_post", new HookPoint());
        final Linear unused = addModule("unused", new Linear(3, 2));

        @Override
        protected Tensor forward(Tensor x) {
            Tensor h = fc.call(x);
            unused.call(x);
            return hook.call(h).add(h);
        }
    }

    /** attn.hook_z passes its input [B, heads, T, headDim] through; the output is that z. */
    static final class Heads extends Module {
        final Module attn = addModule("attn", new Module() {
            final HookPoint hookZ = addModule("hook_z", new HookPoint());

            @Override
            protected Tensor forward(Tensor x) {
                return hookZ.call(x.mul(1f));
            }
        });

        @Override
        protected Tensor forward(Tensor x) {
            return attn.call(x);
        }
    }

    private static Sequential mlp() {
        return new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    }

    // ------------------------------------------------------------------ runWithCache

    @Test
    void cachesEveryModulesOutputByNameInModelOrderDetached() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(5, 3).requiresGrad(true);
        CachedRun run = Interp.runWithCache(model, x);
        assertEquals(List.of("0", "1", "2"), run.cache().keys());
        Linear first = (Linear) model.get(0);
        Tensor h = F.linear(x, first.weight, first.bias);
        assertArrayEquals(h.toFloatArray(), run.cache().get("0").toFloatArray(), 1e-6f);
        assertArrayEquals(h.relu().toFloatArray(), run.cache().get("1").toFloatArray(), 1e-6f);
        assertArrayEquals(run.output().toFloatArray(), run.cache().get("2").toFloatArray(), 0f);
        assertFalse(run.cache().get("0").requiresGrad(), "cached tensors are detached");
        assertTrue(run.output().requiresGrad(), "the output keeps its graph");
        assertEquals(0, model.hooks().size(), "the cache's hooks are removed");
    }

    @Test
    void aFilterChoosesTheNamesCached() {
        CachedRun run = Interp.runWithCache(mlp(), NamePattern.of("1", "2"), Tensor.randn(2, 3));
        assertEquals(List.of("1", "2"), run.cache().keys());
        assertFalse(run.cache().has("0"));
        assertNull(run.loss());
    }

    @Test
    void hooksAreRemovedWhenTheRunThrows() {
        Sequential model = new Sequential(new Linear(3, 4), new Linear(5, 2)); // the second cannot take the first's output
        assertThrows(RuntimeException.class, () -> Interp.runWithCache(model, Tensor.randn(2, 3)));
        assertEquals(0, model.hooks().size());
        assertThrows(RuntimeException.class, () -> Interp.runWithCache(model, n -> true, out -> out.sum(), Tensor.randn(2, 3)));
        assertEquals(0, model.hooks().size());
    }

    @Test
    void gradientsAreThoseOfEachModulesOwnOutputAndLeaveParameterGradsAlone() {
        TwoPaths model = new TwoPaths();
        CachedRun run = Interp.runWithCache(model, n -> true, Tensor::sum, Tensor.randn(4, 3));
        ActivationCache cache = run.cache();
        assertTrue(cache.hasGrads());
        // loss = sum(hook(h) + h): d loss / d hook's output is 1, d loss / d h (fc's output) is 2.
        assertTensor(new float[]{1, 1, 1, 1, 1, 1, 1, 1}, new int[]{4, 2}, cache.grad("hook_post"));
        assertTensor(new float[]{2, 2, 2, 2, 2, 2, 2, 2}, new int[]{4, 2}, cache.grad("fc"));
        assertTensor(new float[8], new int[]{4, 2}, cache.grad("unused"));
        assertEquals(run.output().sum().item(), run.loss().item(), 1e-5);
        assertNull(model.fc.weight.grad(), "Autograd.grad touches no parameter's grad()");
        assertEquals(0, model.hooks().size());
    }

    @Test
    void gradientErrorsSayWhy() {
        ActivationCache plain = Interp.runWithCache(mlp(), Tensor.randn(2, 3)).cache();
        assertMessage(IllegalStateException.class, () -> plain.grad("0"), "this cache has no gradients", "with a loss");
        Sequential noParams = new Sequential(new ReLU());
        ActivationCache none = Interp.runWithCache(noParams, n -> true, Tensor::sum, Tensor.randn(2, 3)).cache();
        assertMessage(IllegalArgumentException.class, () -> none.grad("0"), "does not require grad");
        try (var g = dev.hookbook.autograd.Autograd.noGrad()) {
            assertMessage(IllegalStateException.class, () -> Interp.runWithCache(mlp(), n -> true, Tensor::sum, Tensor.randn(2, 3)),
                    "need grad mode on", "Autograd.noGrad()");
        }
        assertMessage(IllegalArgumentException.class, () -> Interp.runWithCache(mlp(), n -> true, out -> out, Tensor.randn(2, 3)),
                "expected the loss function to return one value, got a tensor of shape [2, 2]");
    }

    // ------------------------------------------------------------------ ActivationCache

    @Test
    void aMissingNameIsAnErrorNamingCloseNames() {
        ActivationCache cache = Interp.runWithCache(new Heads(), Tensor.randn(1, 2, 3, 4)).cache();
        assertMessage(IllegalArgumentException.class, () -> cache.get("attn.hook_zz"),
                "ActivationCache.get(\"attn.hook_zz\")", "close names: attn.hook_z");
        assertMessage(IllegalArgumentException.class, () -> cache.stack("blocks.*.hook_z"), "no cached name matches", "attn.hook_z");
    }

    @Test
    void stackPutsTheMatchesOnANewFirstDimensionInModelOrder() {
        Sequential model = new Sequential(new Linear(3, 3), new Linear(3, 3), new Linear(3, 3));
        ActivationCache cache = Interp.runWithCache(model, Tensor.randn(2, 3)).cache();
        Tensor stacked = cache.stack("*");
        assertArrayEquals(new int[]{3, 2, 3}, stacked.shape());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(cache.get(Integer.toString(i)).toFloatArray(), stacked.narrow(0, i, 1).toFloatArray(), 0f);
        }
        ActivationCache mixed = Interp.runWithCache(mlp(), Tensor.randn(2, 3)).cache();
        assertMessage(IllegalArgumentException.class, () -> mixed.stack("*"), "expected one shape", "0 [2, 4]", "2 [2, 2]");
    }

    @Test
    void toStringListsNamesAndShapes() {
        String text = Interp.runWithCache(mlp(), Tensor.randn(2, 3)).cache().toString();
        assertEquals("ActivationCache with 3 activations:\n  0 [2, 4]\n  1 [2, 4]\n  2 [2, 2]", text);
    }

    // ------------------------------------------------------------------ runWithHooks

    @Test
    void hooksBoundByPatternReplaceOutputsLearnTheirNameAndAreRemovedAfterwards() {
        Sequential model = new Sequential(new Linear(3, 3), new Linear(3, 3), new Linear(3, 3));
        List<String> seen = new ArrayList<>();
        Tensor y = Interp.runWithHooks(model, List.of(
                Interp.forward("*", (name, m, in, out) -> { seen.add(name); return null; }),
                Interp.forward("2", (m, in, out) -> out.mul(0f))), () -> model.call(Tensor.randn(2, 3)));
        assertEquals(List.of("0", "1", "2"), seen);
        assertArrayEquals(new float[6], y.toFloatArray(), 0f);
        assertEquals(0, model.hooks().size());
        assertFalse(model.call(Tensor.ones(2, 3)).sum().item() == 0f, "the replacement is gone");
    }

    @Test
    void hooksAreRemovedWhenTheBodyThrows() {
        Sequential model = mlp();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Interp.runWithHooks(model,
                List.of(Interp.zeroAblate("*")), () -> { model.call(Tensor.randn(2, 3)); throw new RuntimeException("body failed"); }));
        assertEquals("body failed", thrown.getMessage());
        assertEquals(0, model.hooks().size());
    }

    @Test
    void aPatternMatchingNothingIsAnErrorAndNothingIsBound() {
        Heads model = new Heads();
        boolean[] ran = {false};
        assertMessage(IllegalArgumentException.class, () -> Interp.runWithHooks(model,
                        List.of(Interp.zeroAblate("attn"), Interp.zeroAblate("atn.hook_z")), () -> ran[0] = true),
                "Interp.runWithHooks: no module of Heads matches \"atn.hook_z\"", "close names: attn.hook_z");
        assertFalse(ran[0]);
        assertEquals(0, model.hooks().size());
        assertMessage(IllegalArgumentException.class, () -> Interp.match(model, "blocks.*"), "no module of Heads matches");
        assertEquals(List.of("attn.hook_z"), Interp.match(model, "**.hook_z"));
    }

    @Test
    void aNamedBackwardHookSeesTheGradientOfItsModulesOutput() {
        Sequential model = mlp();
        List<String> names = new ArrayList<>();
        Tensor[] gradOut = new Tensor[1];
        Interp.runWithHooks(model, List.of(Interp.backward("2", (name, m, gin, gout) -> {
            names.add(name);
            gradOut[0] = gout[0];
            return null;
        })), () -> { model.call(Tensor.randn(3, 3)).mul(3f).sum().backward(); return null; });
        assertEquals(List.of("2"), names);
        assertTensor(new float[]{3, 3, 3, 3, 3, 3}, new int[]{3, 2}, gradOut[0]);
        assertEquals(0, model.hooks().size());
    }

    // ------------------------------------------------------------------ ablation

    @Test
    void zeroAblationLeavesOnlyWhatComesAfter() {
        Sequential model = mlp();
        Tensor y = Interp.runWithHooks(model, List.of(Interp.zeroAblate("1")), () -> model.call(Tensor.randn(2, 3)));
        float[] bias = ((Linear) model.get(2)).bias.toFloatArray();
        assertArrayEquals(new float[]{bias[0], bias[1], bias[0], bias[1]}, y.toFloatArray(), 1e-6f);
    }

    @Test
    void meanAblationUsesTheBatchMeanOfTheCachedActivation() {
        Sequential model = mlp();
        Tensor reference = Tensor.randn(6, 3);
        ActivationCache cache = Interp.runWithCache(model, reference).cache();
        Tensor y = Interp.runWithHooks(model, List.of(Interp.meanAblate("1", cache)), () -> model.call(Tensor.randn(2, 3)));
        Linear last = (Linear) model.get(2);
        Tensor row = F.linear(cache.get("1").mean(0, true), last.weight, last.bias);   // [1, 2]
        float[] r = row.toFloatArray();
        assertArrayEquals(new float[]{r[0], r[1], r[0], r[1]}, y.toFloatArray(), 1e-5f);
        ActivationCache without = Interp.runWithCache(model, NamePattern.of("0"), reference).cache();
        assertMessage(IllegalArgumentException.class, () -> Interp.runWithHooks(model, List.of(Interp.meanAblate("1", without)),
                () -> model.call(reference)), "ActivationCache.get(\"1\")");
        Sequential wider = new Sequential(new Linear(3, 5), new ReLU(), new Linear(5, 2));
        assertMessage(RuntimeException.class, () -> Interp.runWithHooks(wider, List.of(Interp.meanAblate("1", cache)),
                () -> wider.call(reference)), "expected an output like the cached [6, 4] but for the batch size, got [6, 5]");
        assertEquals(0, wider.hooks().size());
    }

    @Test
    void ablateHeadZeroesOneHeadOfHookZ() {
        Heads model = new Heads();
        Tensor x = Tensor.ones(2, 3, 2, 2);
        Tensor z = Interp.runWithHooks(model, List.of(Interp.ablateHead("attn", 1)), () -> model.call(x));
        float[] v = z.toFloatArray();
        for (int i = 0; i < v.length; i++) assertEquals((i / 4) % 3 == 1 ? 0f : 1f, v[i], "element " + i);
        assertMessage(RuntimeException.class, () -> Interp.runWithHooks(model, List.of(Interp.ablateHead("attn", 3)),
                () -> model.call(x)), "Interp.ablateHead(\"attn\", 3)", "head in [0, heads)", "[2, 3, 2, 2]");
        assertEquals(0, model.hooks().size());
    }

    @Test
    void ablateHeadWithACacheReplacesOneHeadByItsBatchMean() {
        Heads model = new Heads();
        Tensor clean = Tensor.arange(24).reshape(2, 3, 2, 2);             // [B, heads, T, headDim]
        ActivationCache cache = Interp.runWithCache(model, clean).cache();
        Tensor x = Tensor.ones(1, 3, 2, 2).mul(-1f);                       // another batch size
        Tensor z = Interp.runWithHooks(model, List.of(Interp.ablateHead("attn", 1, cache)), () -> model.call(x));
        float[] v = z.toFloatArray(), c = clean.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            float expected = (i / 4) % 3 == 1 ? (c[i] + c[i + 12]) / 2 : -1f; // head 1: the mean of the two samples
            assertEquals(expected, v[i], "element " + i);
        }
        assertMessage(RuntimeException.class, () -> Interp.runWithHooks(model, List.of(Interp.ablateHead("attn", 0, cache)),
                () -> model.call(Tensor.ones(1, 3, 2, 5))), "Interp.ablateHead(\"attn\", 0, cache)", "[1, 3, 2, 2]", "[1, 3, 2, 5]");
        assertEquals(0, model.hooks().size());
        assertEquals("head 1 mean ablation hook on attn.hook_z", Interp.ablateHead("attn", 1, cache).toString());
    }

    @Test
    void namedHooksDescribeThemselves() {
        assertEquals("head 2 ablation hook on blocks.*.attn.hook_z", Interp.ablateHead("blocks.*.attn", 2).toString());
        assertEquals("blocks.0.hook_resid_pre", Interp.zeroAblate("blocks.0.hook_resid_pre").pattern());
    }
}

package dev.hookbook.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.io.Safetensors;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.utils.Parametrizations;
import dev.hookbook.nn.utils.Prune;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pruning ({@code torch.nn.utils.prune}) and the weight- and spectral-norm parametrizations
 * against PyTorch 1.13 ({@code tools/golden/make_prune_fixtures.py}, {@code prune.json}): masks,
 * combined masks, state-dict keys in PyTorch's order and values, outputs and gradients, and a
 * pruned checkpoint written by PyTorch.
 *
 * <p>Weight norm as a parametrization exists only in torch 2.x
 * ({@code torch/nn/utils/parametrizations.py}: {@code weight_norm} registers {@code _WeightNorm(dim)},
 * whose {@code right_inverse(w)} returns {@code (torch.norm_except_dim(w, 2, dim), w)}, stored as
 * {@code parametrizations.weight.original0} and {@code original1}, and whose
 * {@code forward(g, v)} is {@code torch._weight_norm(v, g, dim)}); its values and gradients
 * are checked against 1.13's {@code torch._weight_norm}, the function 1.13's
 * {@code nn.utils.weight_norm} computes too. {@code orthogonal} is 1.13's, with its default maps
 * (matrix exponential for a square weight, Householder reflectors otherwise).
 */
class PruneGoldenTest {
    private static final double TOL = 1e-5;
    private static final JsonObject FIX = Golden.load("prune.json").getAsJsonObject();

    private static JsonObject c(String name) {
        return FIX.getAsJsonObject(name);
    }

    private static Map<String, Tensor> named(JsonObject o, String key) {
        return Golden.named(o.getAsJsonArray(key));
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) out.add(e.getAsString());
        return out;
    }

    private static void assertState(String what, Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + ": state-dict keys");
        expected.forEach((k, v) -> Golden.assertClose(what + " " + k, v.shape(), v.toFloatArray(), actual.get(k).shape(),
                actual.get(k).toFloatArray(), TOL));
    }

    private static void assertMasks(String what, Map<String, Tensor> expected, Module m) {
        Map<String, Tensor> sd = m.stateDict();
        expected.forEach((k, v) -> Golden.assertClose(what + " " + k, v.shape(), v.toFloatArray(), sd.get(k).shape(),
                sd.get(k).toFloatArray(), 0));
    }

    private static void assertOutputAndGrads(String what, JsonObject expected, Module m, Tensor out) {
        Golden.assertClose(what + " output", expected.getAsJsonObject("output"), out, TOL);
        Map<String, Tensor> grads = named(expected, "grads");
        assertEquals(List.copyOf(grads.keySet()), List.copyOf(m.namedParameters().keySet()), what + ": parameter names");
        grads.forEach((k, g) -> Golden.assertClose(what + " grad " + k, g.shape(), g.toFloatArray(),
                m.namedParameters().get(k).grad().shape(), m.namedParameters().get(k).grad().toFloatArray(), TOL));
    }

    @Test
    void l1UnstructuredByFractionThenByCountCombinesMasksAsPyTorch() {
        JsonObject f = c("l1");
        Linear lin = new Linear(5, 6);
        lin.loadStateDict(named(f, "initial"), true);
        Prune.l1Unstructured(lin, "weight", 0.3);
        assertMasks("after l1 0.3", named(f, "maskAfterFraction"), lin);
        Prune.l1Unstructured(lin, "weight", 3); // 3 more, among the entries still unpruned
        assertEquals(strings(f.getAsJsonArray("keys")), List.copyOf(lin.stateDict().keySet()));
        assertState("l1", named(f, "stateDict"), lin.stateDict());

        Tensor out = lin.call(Golden.tensor(f.getAsJsonObject("input")));
        out.backward(Golden.tensor(f.getAsJsonObject("upstream")));
        assertOutputAndGrads("l1", f, lin, out);
    }

    @Test
    void l1AfterARandomMaskActsOnlyOnTheEntriesStillUnpruned() {
        JsonObject f = c("randomThenL1");
        Linear lin = new Linear(4, 5);
        Prune.randomUnstructured(lin, "weight", 0.4);
        float zeros = 0;
        for (float v : lin.stateDict().get("weight_mask").toFloatArray()) zeros += v == 0 ? 1 : 0;
        assertEquals(8, zeros, "round(0.4 * 20) entries pruned at random");
        lin.loadStateDict(named(f, "afterRandom"), true); // PyTorch's random mask: its generator is not ours
        Prune.l1Unstructured(lin, "weight", 0.25);
        assertState("random then l1", named(f, "stateDict"), lin.stateDict());
    }

    @Test
    void lnStructuredPrunesWholeChannelsByNormAndStacks() {
        JsonObject f = c("ln");
        Conv2d conv = new Conv2d(3, 4, 2);
        conv.loadStateDict(named(f, "initial"), true);
        Prune.lnStructured(conv, "weight", 0.5, 2, 0);
        assertMasks("L2 dim 0", named(f, "maskAfterL2Dim0"), conv);
        Prune.lnStructured(conv, "weight", 1, 1, 1);
        assertState("then L1 dim 1", named(f, "stateDict"), conv.stateDict());

        Linear lin = new Linear(5, 3);
        lin.loadStateDict(named(f, "linInitial"), true);
        Prune.lnStructured(lin, "weight", 0.4, Double.POSITIVE_INFINITY, 1);
        assertMasks("Linf dim 1", named(f, "linInfDim1"), lin);
    }

    @Test
    void globalUnstructuredRanksAllTargetsTogetherAndRemoveMakesItPermanent() {
        JsonObject f = c("global");
        Sequential model = new Sequential(new Conv2d(1, 2, 2), new Flatten(), new Linear(8, 4));
        model.loadStateDict(named(f, "initial"), true);
        Prune.l1Unstructured(model.get("2"), "weight", 5);
        Prune.globalUnstructured(List.of(new Prune.Target(model.get("0"), "weight"), new Prune.Target(model.get("2"), "weight")), 0.4);
        assertEquals(strings(f.getAsJsonArray("keys")), List.copyOf(model.stateDict().keySet()));
        assertMasks("global", named(f, "masks"), model);

        Prune.remove(model.get("2"), "weight");
        assertEquals(strings(f.getAsJsonArray("keysAfterRemove")), List.copyOf(model.stateDict().keySet()));
        assertState("after remove", named(f, "stateDictAfterRemove"), model.stateDict());
        assertEquals(f.get("isPrunedAfterRemove").getAsBoolean(), Prune.isPruned(model));
    }

    @Test
    void aPrunedCheckpointMovesBetweenPyTorchAndHookbook(@TempDir Path dir) throws Exception {
        JsonObject f = c("checkpoint");
        Sequential model = new Sequential(new Linear(6, 5), new ReLU(), new Linear(5, 3));
        Prune.l1Unstructured(model.get("0"), "weight", 0.5);
        Prune.lnStructured(model.get("2"), "weight", 0.34, 2, 0);
        List<String> torchKeys = strings(f.getAsJsonArray("keys"));
        assertEquals(torchKeys, List.copyOf(model.stateDict().keySet()), "the same keys, in PyTorch's order");

        Path torchFile = Path.of(PruneGoldenTest.class.getResource("/golden/pruned_mlp.safetensors").toURI());
        model.loadStateDict(Safetensors.load(torchFile), true);
        Golden.assertClose("output of the loaded checkpoint", f.getAsJsonObject("output"),
                model.call(Golden.tensor(f.getAsJsonObject("input"))), TOL);

        // The other way: what Hookbook saves has exactly the tensors of PyTorch's pruned state dict,
        // so PyTorch's load_state_dict(strict=True) into the same pruned model takes it.
        Path ours = dir.resolve("ours.safetensors");
        Safetensors.save(model.stateDict(), ours);
        Map<String, Tensor> back = Safetensors.load(ours);
        assertEquals(new java.util.TreeSet<>(torchKeys), new java.util.TreeSet<>(back.keySet()));
        assertState("saved by Hookbook", named(f, "stateDict"), orderedLike(torchKeys, back));
    }

    private static Map<String, Tensor> orderedLike(List<String> keys, Map<String, Tensor> m) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (String k : keys) out.put(k, m.get(k));
        return out;
    }

    @Test
    void weightNormMatchesTorchWeightNormInValuesAndGradients() {
        JsonObject all = c("weightNorm");
        for (String name : List.of("linearDim0", "convDim1", "linearWhole")) {
            JsonObject f = all.getAsJsonObject(name);
            Tensor w = Golden.tensor(f.getAsJsonObject("weight"));
            int[] s = w.shape();
            Module m = s.length == 2 ? new Linear(s[1], s[0]) : new Conv2d(s[1], s[0], s[2]);
            ((dev.hookbook.nn.Parameter) m.getAttribute("weight")).assign(w);
            Parametrizations.weightNorm(m, "weight", f.get("dim").getAsInt());
            assertEquals(List.of("bias", "parametrizations.weight.original0", "parametrizations.weight.original1"),
                    List.copyOf(m.stateDict().keySet()), name);
            Golden.assertClose(name + " g", f.getAsJsonObject("g"), m.stateDict().get("parametrizations.weight.original0"), TOL);
            Tensor weight = m.getAttribute("weight");
            Golden.assertClose(name + " weight", f.getAsJsonObject("output"), weight, TOL);
            weight.mul(Golden.tensor(f.getAsJsonObject("upstream"))).sum().backward();
            Map<String, dev.hookbook.nn.Parameter> p = m.namedParameters();
            Golden.assertClose(name + " grad g", f.getAsJsonObject("gradG"), p.get("parametrizations.weight.original0").grad(), TOL);
            Golden.assertClose(name + " grad v", f.getAsJsonObject("gradV"), p.get("parametrizations.weight.original1").grad(), TOL);

            // 1.13's nn.utils.weight_norm saves weight_g and weight_v: 2.x's compatibility hook renames them on load
            Module fresh = s.length == 2 ? new Linear(s[1], s[0]) : new Conv2d(s[1], s[0], s[2]);
            Parametrizations.weightNorm(fresh, "weight", f.get("dim").getAsInt());
            Map<String, Tensor> old = new java.util.LinkedHashMap<>();
            old.put("bias", m.stateDict().get("bias"));
            old.put("weight_g", Golden.tensor(f.getAsJsonObject("g")));
            old.put("weight_v", w);
            fresh.loadStateDict(old, true);
            Golden.assertClose(name + " weight loaded from an old checkpoint", f.getAsJsonObject("output"),
                    fresh.getAttribute("weight"), TOL);
        }
    }

    @Test
    void spectralNormMatchesPyTorchInTrainingAndEvaluation() {
        JsonObject f = c("spectralNorm");
        Linear lin = new Linear(5, 4);
        Parametrizations.spectralNorm(lin, "weight");
        assertEquals(strings(f.getAsJsonArray("keys")), List.copyOf(lin.stateDict().keySet()));
        lin.loadStateDict(named(f, "initial"), true); // PyTorch's u and v: its generator is not ours
        Tensor out = lin.call(Golden.tensor(f.getAsJsonObject("input")));
        out.backward(Golden.tensor(f.getAsJsonObject("upstream")));
        assertOutputAndGrads("spectral norm, training", f.getAsJsonObject("train"), lin, out);
        assertState("u and v after one power iteration", named(f, "stateDictAfterTrainForward"), lin.stateDict());
        lin.eval();
        Golden.assertClose("spectral norm, evaluation", f.getAsJsonObject("evalOutput"),
                lin.call(Golden.tensor(f.getAsJsonObject("input"))), TOL);

        JsonObject cf = f.getAsJsonObject("conv");
        Conv2d conv = new Conv2d(2, 3, 2);
        Parametrizations.spectralNorm(conv, "weight", 1, 1e-12f, 1);
        conv.loadStateDict(named(cf, "initial"), true);
        Tensor cout = conv.call(Golden.tensor(cf.getAsJsonObject("input")));
        cout.backward(Golden.tensor(cf.getAsJsonObject("upstream")));
        assertOutputAndGrads("spectral norm, conv dim 1", cf.getAsJsonObject("train"), conv, cout);
        assertTrue(conv.hasProperty("weight"));
        assertFalse(conv.namedParameters().containsKey("weight"));
    }

    @Test
    void orthogonalMatchesPyTorchForSquareTallAndWideWeights() {
        JsonObject all = c("orthogonal");
        for (String name : List.of("square", "tall", "wide")) {
            JsonObject f = all.getAsJsonObject(name);
            Map<String, Tensor> initial = named(f, "initial");
            int[] s = initial.get("weight").shape();
            Linear lin = new Linear(s[1], s[0]);
            lin.loadStateDict(initial, true);
            Parametrizations.orthogonal(lin, "weight");
            assertEquals(strings(f.getAsJsonArray("keys")), List.copyOf(lin.stateDict().keySet()), name);
            Golden.assertClose(name + ": the weight made orthogonal at registration", f.getAsJsonObject("weightAfterRegistration"),
                    lin.weight, 1e-5);

            lin.loadStateDict(named(f, "state"), true); // PyTorch's base (its random completion for tall and wide) and an original away from -I
            Tensor out = lin.call(Golden.tensor(f.getAsJsonObject("input")));
            out.backward(Golden.tensor(f.getAsJsonObject("upstream")));
            assertOutputAndGrads("orthogonal " + name, f, lin, out);
        }
    }
}

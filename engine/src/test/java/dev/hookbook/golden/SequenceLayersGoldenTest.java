package dev.hookbook.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.Hookbook;
import dev.hookbook.nn.Embedding;
import dev.hookbook.nn.F;
import dev.hookbook.nn.LayerNorm;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.MultiheadAttention;
import dev.hookbook.nn.Parameter;
import dev.hookbook.optim.AdamW;
import dev.hookbook.optim.CosineAnnealingLR;
import dev.hookbook.optim.LRScheduler;
import dev.hookbook.optim.Optimizer;
import dev.hookbook.optim.Optimizers;
import dev.hookbook.optim.SGD;
import dev.hookbook.optim.StepLR;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The sequence layers and the optimizer pieces against PyTorch 1.13 (fixture
 * {@code golden/sequence_layers.json}, written by {@code tools/golden/make_sequence_layer_fixtures.py}):
 * PyTorch's state dicts loaded into Hookbook's modules, then outputs, every gradient, state-dict
 * names and shapes and reprs; AdamW's parameters after each step, clipGradNorm, the lr schedules.
 */
class SequenceLayersGoldenTest {
    private static final JsonObject FIXTURE = Golden.load("sequence_layers.json").getAsJsonObject();

    private static JsonObject fixture(String key) {
        return FIXTURE.getAsJsonObject(key);
    }

    private static double tol(JsonObject c) {
        return c.get("tol").getAsDouble();
    }

    /** The state-dict names and shapes are PyTorch's, in PyTorch's order; then PyTorch's values are loaded. */
    private static void loadPyTorchState(Module m, JsonArray stateDict) {
        Map<String, Tensor> expected = Golden.named(stateDict);
        Map<String, Tensor> ours = m.stateDict();
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(ours.keySet()), "state-dict names");
        for (String k : expected.keySet()) {
            assertEquals(List.of(box(expected.get(k).shape())), List.of(box(ours.get(k).shape())), "shape of " + k);
        }
        m.loadStateDict(expected, true);
    }

    private static Integer[] box(int[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return b;
    }

    private static Tensor input(JsonObject c, String name, boolean requiresGrad) {
        return Golden.tensor(c.getAsJsonObject(name)).requiresGrad(requiresGrad);
    }

    /** Runs {@code call} on the fixture's inputs, then compares the output and every gradient the fixture lists. */
    private static void checkModuleCase(JsonObject c, Module m, Function<Map<String, Tensor>, Tensor> call) {
        assertEquals(c.get("repr").getAsString(), m.toString(), "repr");
        loadPyTorchState(m, c.getAsJsonArray("stateDict"));
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (var e : c.getAsJsonObject("inputs").entrySet()) {
            boolean isIndices = e.getKey().equals("indices");
            inputs.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()).requiresGrad(!isIndices));
        }
        Tensor out = call.apply(inputs);
        Golden.assertClose("output", c.getAsJsonObject("output"), out, tol(c));
        out.backward(Golden.tensor(c.getAsJsonObject("upstream")));
        Map<String, Parameter> params = m.namedParameters();
        for (var e : c.getAsJsonObject("grads").entrySet()) {
            Tensor actual = params.containsKey(e.getKey()) ? params.get(e.getKey()).grad() : inputs.get(e.getKey()).grad();
            Golden.assertClose("grad of " + e.getKey(), e.getValue().getAsJsonObject(), actual, tol(c));
        }
    }

    @Test
    void embeddingMatchesPyTorch() {
        Embedding e = new Embedding(10, 5);
        checkModuleCase(fixture("embedding"), e, x -> e.call(x.get("indices")));
    }

    @Test
    void layerNormOverOneDimMatchesPyTorch() {
        JsonObject c = fixture("layerNorm1d");
        LayerNorm ln = new LayerNorm(8);
        checkModuleCase(c, ln, x -> ln.call(x.get("input")));
        assertEquals(c.get("freshRepr").getAsString(), new LayerNorm(8).toString());
    }

    @Test
    void layerNormOverTwoDimsMatchesPyTorch() {
        JsonObject c = fixture("layerNorm2d");
        LayerNorm ln = new LayerNorm(3, 4);
        checkModuleCase(c, ln, x -> ln.call(x.get("input")));
    }

    @Test
    void multiheadAttentionMatchesPyTorchWithAndWithoutMasks() {
        JsonObject f = fixture("multiheadAttention");
        for (JsonElement el : f.getAsJsonArray("cases")) {
            JsonObject c = el.getAsJsonObject();
            String name = c.get("name").getAsString();
            MultiheadAttention mha = new MultiheadAttention(f.get("embedDim").getAsInt(), f.get("numHeads").getAsInt());
            assertEquals(f.get("repr").getAsString(), mha.toString(), "repr");
            loadPyTorchState(mha, f.getAsJsonArray("stateDict"));
            Tensor q = input(c, "query", true), k = input(c, "key", true), v = input(c, "value", true);
            Tensor[] weights = new Tensor[1];
            mha.get("attn_dropout").registerForwardHook((m, in, out) -> {
                weights[0] = in[0];
                return null;
            });
            JsonElement maskJson = c.get("mask");
            Tensor out;
            if (maskJson.isJsonNull()) {
                out = mha.call(q, k, v);
            } else if (maskJson.isJsonPrimitive()) {
                out = mha.call(q, k, v, F.causalMask(q.shape()[1]));
            } else {
                out = mha.call(q, k, v, Golden.tensor(maskJson.getAsJsonObject()));
            }
            Golden.assertClose(name + ": output", c.getAsJsonObject("output"), out, tol(c));
            Golden.assertClose(name + ": attention weights seen by the hook", c.getAsJsonObject("attentionWeights"), weights[0], tol(c));
            out.backward(Golden.tensor(c.getAsJsonObject("upstream")));
            Map<String, Tensor> inputs = Map.of("query", q, "key", k, "value", v);
            Map<String, Parameter> params = mha.namedParameters();
            for (var e : c.getAsJsonObject("grads").entrySet()) {
                Tensor actual = params.containsKey(e.getKey()) ? params.get(e.getKey()).grad() : inputs.get(e.getKey()).grad();
                Golden.assertClose(name + ": grad of " + e.getKey(), e.getValue().getAsJsonObject(), actual, tol(c));
            }
        }
    }

    @Test
    void scaledDotProductAttentionMatchesTheFormula() {
        for (JsonElement el : FIXTURE.getAsJsonArray("sdpa")) {
            JsonObject c = el.getAsJsonObject();
            String name = c.get("name").getAsString();
            Tensor q = input(c, "query", true), k = input(c, "key", true), v = input(c, "value", true);
            Tensor out = F.scaledDotProductAttention(q, k, v, null, c.get("causal").getAsBoolean());
            Golden.assertClose(name + ": output", c.getAsJsonObject("output"), out, tol(c));
            out.backward(Golden.tensor(c.getAsJsonObject("upstream")));
            JsonObject grads = c.getAsJsonObject("grads");
            Golden.assertClose(name + ": grad of query", grads.getAsJsonObject("query"), q.grad(), tol(c));
            Golden.assertClose(name + ": grad of key", grads.getAsJsonObject("key"), k.grad(), tol(c));
            Golden.assertClose(name + ": grad of value", grads.getAsJsonObject("value"), v.grad(), tol(c));
        }
    }

    @Test
    void adamWParametersAfterThreeStepsMatchPyTorch() {
        JsonObject f = fixture("adamw");
        for (JsonElement el : f.getAsJsonArray("runs")) {
            JsonObject run = el.getAsJsonObject();
            Linear model = new Linear(4, 3);
            model.loadStateDict(Golden.named(f.getAsJsonArray("stateDict")), true);
            JsonArray betas = run.getAsJsonArray("betas");
            Optimizer opt = run.get("name").getAsString().startsWith("defaults")
                    ? new AdamW(model.parameters(), run.get("lr").getAsFloat())
                    : new AdamW(model.parameters(), run.get("lr").getAsFloat(), betas.get(0).getAsFloat(),
                            betas.get(1).getAsFloat(), run.get("eps").getAsFloat(), run.get("weightDecay").getAsFloat());
            Tensor x = Golden.tensor(f.getAsJsonObject("input")), target = Golden.tensor(f.getAsJsonObject("target"));
            int stepNumber = 0;
            for (JsonElement s : run.getAsJsonArray("steps")) {
                JsonObject step = s.getAsJsonObject();
                stepNumber++;
                opt.zeroGrad();
                Tensor loss = F.mseLoss(model.call(x), target);
                assertEquals(step.get("lossBeforeStep").getAsFloat(), loss.item(), 1e-5, "loss before step " + stepNumber);
                loss.backward();
                opt.step();
                Map<String, Tensor> expected = Golden.named(step.getAsJsonArray("parametersAfterStep"));
                for (var e : model.namedParameters().entrySet()) {
                    Tensor t = expected.get(e.getKey());
                    Golden.assertClose(run.get("name").getAsString() + " step " + stepNumber + ": " + e.getKey(),
                            t.shape(), t.toFloatArray(), e.getValue().shape(), e.getValue().toFloatArray(), f.get("tol").getAsDouble());
                }
            }
        }
    }

    @Test
    void clipGradNormReturnsTheTotalNormAndScalesTheGradients() {
        for (JsonElement el : FIXTURE.getAsJsonArray("clipGradNorm")) {
            JsonObject c = el.getAsJsonObject();
            JsonArray before = c.getAsJsonArray("gradsBefore"), after = c.getAsJsonArray("gradsAfter");
            List<Parameter> params = new ArrayList<>();
            for (JsonElement g : before) {
                Tensor grad = g.isJsonNull() ? null : Golden.tensor(g.getAsJsonObject());
                Parameter p = new Parameter(Tensor.zeros(grad == null ? new int[]{2} : grad.shape()));
                p.setGrad(grad);
                params.add(p);
            }
            float maxNorm = c.get("maxNorm").getAsFloat();
            float total = Optimizers.clipGradNorm(params, maxNorm);
            assertEquals(c.get("totalNorm").getAsFloat(), total, 1e-5 * c.get("totalNorm").getAsFloat(), "total norm for maxNorm " + maxNorm);
            for (int i = 0; i < params.size(); i++) {
                if (after.get(i).isJsonNull()) {
                    assertNull(params.get(i).grad(), "parameter " + i + " had no gradient and keeps none");
                } else {
                    Golden.assertClose("maxNorm " + maxNorm + ": grad " + i, after.get(i).getAsJsonObject(), params.get(i).grad(), 1e-5);
                }
            }
        }
    }

    @Test
    void stepLRGivesPyTorchsLearningRates() {
        JsonObject f = fixture("stepLR");
        Optimizer opt = new SGD(List.of(new Parameter(Tensor.zeros(1))), f.get("baseLr").getAsFloat());
        checkSchedule(f, opt, new StepLR(opt, f.get("stepSize").getAsInt(), f.get("gamma").getAsFloat()));
    }

    @Test
    void cosineAnnealingLRGivesPyTorchsLearningRatesAlsoPastTMax() {
        JsonObject f = fixture("cosineAnnealingLR");
        Optimizer opt = new SGD(List.of(new Parameter(Tensor.zeros(1))), f.get("baseLr").getAsFloat());
        checkSchedule(f, opt, new CosineAnnealingLR(opt, f.get("tMax").getAsInt(), f.get("etaMin").getAsFloat()));
    }

    private static void checkSchedule(JsonObject f, Optimizer opt, LRScheduler scheduler) {
        JsonArray lrs = f.getAsJsonArray("lrs");
        assertEquals(lrs.get(0).getAsFloat(), scheduler.lastLr(), 1e-7, "lr at epoch 0");
        for (int epoch = 1; epoch < lrs.size(); epoch++) {
            scheduler.step();
            assertEquals(epoch, scheduler.lastEpoch());
            assertEquals(lrs.get(epoch).getAsFloat(), opt.lr(), 1e-6 * lrs.get(0).getAsFloat(), "lr after epoch " + epoch);
        }
    }

    @Test
    void embeddingStartsAsAStandardNormal() {
        JsonObject stats = fixture("embedding").getAsJsonObject("initStats");
        Hookbook.manualSeed(0);
        Embedding e = new Embedding(stats.get("num").getAsInt(), stats.get("dim").getAsInt());
        float[] w = e.weight.toFloatArray();
        double mean = 0, sq = 0;
        for (float v : w) mean += v;
        mean /= w.length;
        for (float v : w) sq += (v - mean) * (v - mean);
        double std = Math.sqrt(sq / (w.length - 1));
        // PyTorch's own draw (another generator) lands as close: both are N(0, 1) samples of 8000 values.
        assertEquals(0.0, mean, 0.05, "mean of the initial weight (PyTorch's draw: " + stats.get("mean") + ")");
        assertEquals(1.0, std, 0.05, "std of the initial weight (PyTorch's draw: " + stats.get("std") + ")");
    }
}

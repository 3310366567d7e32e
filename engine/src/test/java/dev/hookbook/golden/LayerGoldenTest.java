package dev.hookbook.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.nn.BatchNorm1d;
import dev.hookbook.nn.CrossEntropyLoss;
import dev.hookbook.nn.F;
import dev.hookbook.nn.MSELoss;
import dev.hookbook.nn.NLLLoss;
import dev.hookbook.nn.Softmax;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares the layers' functional forms and modules against PyTorch 1.13 (fixture
 * {@code golden/layers.json}, written by {@code tools/golden/make_fixtures.py}): the output and
 * the gradient of every input that requires grad, for {@code output.backward(upstream)} (or
 * {@code backward()} for the scalar losses). A fixture case without a lambda here fails.
 */
class LayerGoldenTest {
    private static final Map<String, Function<Map<String, Tensor>, Tensor>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("conv2d_stride2_pad1", x -> F.conv2d(x.get("input"), x.get("weight"), x.get("bias"), 2, 1));
        CASES.put("conv2d_default", x -> F.conv2d(x.get("input"), x.get("weight"), x.get("bias")));
        CASES.put("max_pool2d_k2_s2", x -> F.maxPool2d(x.get("input"), 2, 2));
        CASES.put("max_pool2d_k3_s2", x -> F.maxPool2d(x.get("input"), 3, 2));
        CASES.put("max_pool2d_k2_odd", x -> F.maxPool2d(x.get("input"), 2));
        CASES.put("leaky_relu_0.1", x -> F.leakyRelu(x.get("input"), 0.1f));
        CASES.put("softmax_module_dim1", x -> new Softmax(1).call(x.get("input")));
        CASES.put("mse_loss", x -> new MSELoss().call(x.get("input"), x.get("target")));
        CASES.put("nll_loss_log_softmax", x -> new NLLLoss().call(F.logSoftmax(x.get("input"), 1), x.get("target")));
        CASES.put("cross_entropy", x -> new CrossEntropyLoss().call(x.get("input"), x.get("target")));
        CASES.put("linear", x -> F.linear(x.get("input"), x.get("weight"), x.get("bias")));
    }

    private static final Set<String> SEPARATE = Set.of("batch_norm1d_train");

    private static List<JsonObject> cases() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : Golden.load("layers.json").getAsJsonArray()) out.add(e.getAsJsonObject());
        return out;
    }

    private static JsonObject find(String name) {
        return cases().stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("layers.json has no case " + name));
    }

    private static Map<String, Tensor> inputs(JsonObject c) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("inputs").entrySet()) {
            JsonObject t = e.getValue().getAsJsonObject();
            in.put(e.getKey(), Golden.tensor(t).requiresGrad(t.get("requiresGrad").getAsBoolean()));
        }
        return in;
    }

    private static void backward(JsonObject c, Tensor out) {
        if (c.get("upstream").isJsonNull()) {
            out.backward();
        } else {
            out.backward(Golden.tensor(c.getAsJsonObject("upstream")));
        }
    }

    @TestFactory
    List<DynamicTest> layers() {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonObject c : cases()) {
            String name = c.get("name").getAsString();
            seen.add(name);
            if (SEPARATE.contains(name)) continue;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Function<Map<String, Tensor>, Tensor> f = CASES.get(name);
                if (f == null) fail("no Java expression for fixture case " + name + " (" + c.get("call").getAsString() + ")");
                double tol = c.get("tol").getAsDouble();
                Map<String, Tensor> in = inputs(c);
                Tensor out = f.apply(in);
                Golden.assertClose(name + " output", c.getAsJsonObject("output"), out, tol);
                backward(c, out);
                JsonObject grads = c.getAsJsonObject("grads");
                for (Map.Entry<String, Tensor> e : in.entrySet()) {
                    if (grads.has(e.getKey())) {
                        Golden.assertClose(name + " grad of " + e.getKey(), grads.getAsJsonObject(e.getKey()), e.getValue().grad(), tol);
                    } else {
                        assertNull(e.getValue().grad(), name + ": " + e.getKey() + " should get no gradient");
                    }
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("every case has a fixture", () -> {
            for (String name : CASES.keySet()) {
                if (!seen.contains(name)) fail("case " + name + " is not in layers.json");
            }
        }));
        return tests;
    }

    @Test
    void batchNorm1dTrainUpdatesRunningStatsAndEvalUsesThem() {
        JsonObject c = find("batch_norm1d_train");
        double tol = c.get("tol").getAsDouble();
        Map<String, Tensor> in = inputs(c);
        BatchNorm1d bn = new BatchNorm1d(5);
        bn.weight.assign(in.get("weight"));
        bn.bias.assign(in.get("bias"));
        bn.runningMean().assign(Golden.tensor(c.getAsJsonObject("runningMeanBefore")));
        bn.runningVar().assign(Golden.tensor(c.getAsJsonObject("runningVarBefore")));

        Tensor x = in.get("input");
        Tensor out = bn.call(x);
        assertEquals("NativeBatchNormBackward", out.gradFn());
        Golden.assertClose("output", c.getAsJsonObject("output"), out, tol);
        Golden.assertClose("running_mean after", c.getAsJsonObject("runningMeanAfter"), bn.runningMean(), tol);
        Golden.assertClose("running_var after", c.getAsJsonObject("runningVarAfter"), bn.runningVar(), tol);
        assertEquals(1f, bn.numBatchesTracked().item());

        backward(c, out);
        JsonObject grads = c.getAsJsonObject("grads");
        Golden.assertClose("grad of input", grads.getAsJsonObject("input"), x.grad(), tol);
        Golden.assertClose("grad of weight", grads.getAsJsonObject("weight"), bn.weight.grad(), tol);
        Golden.assertClose("grad of bias", grads.getAsJsonObject("bias"), bn.bias.grad(), tol);

        bn.eval();
        Golden.assertClose("eval output", c.getAsJsonObject("evalOutputAfter"), bn.call(x.detach()), tol);
        Golden.assertClose("running_mean unchanged by eval", c.getAsJsonObject("runningMeanAfter"), bn.runningMean(), tol);
    }
}

package dev.hookbook.golden;

import com.google.gson.JsonObject;
import dev.hookbook.models.MiniGpt;
import dev.hookbook.nn.F;
import dev.hookbook.nn.HookPoint;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every hook point of {@link MiniGpt} (and of its attention) sees the value that PyTorch computes
 * at that step of the same model with the same weights, a backward hook there sees PyTorch's
 * d loss / d value, a forward hook that zeroes one head of {@code hook_z} gives PyTorch's
 * ablated logits, and greedy generation continues a prompt as PyTorch does
 * ({@code tools/golden/make_minigpt_hooks_fixture.py}).
 */
public class MiniGptHooksGoldenTest {
    private static final JsonObject EXPECTED = Golden.load("minigpt_hooks.json").getAsJsonObject();

    /** The hook point names of the model, in module order. */
    static List<String> hookPointNames(Module model) {
        List<String> names = new ArrayList<>();
        model.namedModules().forEach((name, m) -> { if (m instanceof HookPoint) names.add(name); });
        return names;
    }

    public static void checkActivationsAndGradients(Device device) throws Exception {
        MiniGpt model = MiniGptGoldenTest.pytorchsMiniGpt();
        model.to(device);
        model.eval();
        Map<String, Tensor> expected = Golden.named(EXPECTED.getAsJsonArray("activations"));
        assertEquals(List.copyOf(expected.keySet()), hookPointNames(model), "hook point names, in the order forward reaches them");

        Map<String, Tensor> seen = new LinkedHashMap<>();
        Map<String, Tensor> grads = new LinkedHashMap<>();
        Map<String, Tensor> expectedGrads = Golden.named(EXPECTED.getAsJsonArray("grads"));
        for (String name : expected.keySet()) {
            model.get(name).registerForwardHook((m, in, out) -> { seen.put(name, out); return null; });
        }
        for (String name : expectedGrads.keySet()) {
            model.get(name).registerFullBackwardHook((m, gradIn, gradOut) -> { grads.put(name, gradOut[0]); return null; });
        }
        Tensor idx = Golden.tensor(EXPECTED.getAsJsonObject("idx")).to(device);
        Tensor targets = Golden.tensor(EXPECTED.getAsJsonObject("targets")).to(device);
        Tensor logits = model.call(idx);
        GptGoldenTest.assertScaledClose("logits", EXPECTED.getAsJsonObject("logits"), logits);
        for (var e : expected.entrySet()) {
            assertNotNull(seen.get(e.getKey()), e.getKey() + " was not called");
            GptGoldenTest.assertScaledClose(e.getKey(), e.getValue(), seen.get(e.getKey()));
        }
        F.crossEntropy(logits.reshape(-1, logits.size(2)), targets.reshape(-1)).backward();
        for (var e : expectedGrads.entrySet()) {
            assertNotNull(grads.get(e.getKey()), "no backward hook call on " + e.getKey());
            GptGoldenTest.assertScaledClose("d loss / d " + e.getKey(), e.getValue(), grads.get(e.getKey()));
        }
    }

    public static void checkHeadAblation(Device device) throws Exception {
        MiniGpt model = MiniGptGoldenTest.pytorchsMiniGpt();
        model.to(device);
        int heads = model.config.heads();
        float[] keep = new float[heads];
        java.util.Arrays.fill(keep, 1f);
        keep[1] = 0f;
        Tensor keepHeads = Tensor.of(keep, 1, heads, 1, 1).to(device);
        model.get("blocks.0.attn.hook_z").registerForwardHook((m, in, z) -> z.mul(keepHeads));
        Tensor logits = model.call(Golden.tensor(EXPECTED.getAsJsonObject("idx")).to(device));
        GptGoldenTest.assertScaledClose("logits with head 1 of blocks.0 zeroed", EXPECTED.getAsJsonObject("ablatedLogits"), logits);
    }

    public static void checkGreedyGeneration(Device device) throws Exception {
        MiniGpt model = MiniGptGoldenTest.pytorchsMiniGpt();
        model.to(device);
        JsonObject greedy = EXPECTED.getAsJsonObject("greedy");
        Tensor out = model.generate(Golden.tensor(greedy.getAsJsonObject("prompt")).to(device), greedy.get("steps").getAsInt(), 0f, 0);
        assertEquals(device, out.device());
        assertArrayEquals(Golden.tensor(greedy.getAsJsonObject("output")).toFloatArray(), out.to(Device.CPU).toFloatArray(), 0f,
                "greedy continuation (the context cut to the block size after 8 tokens)");
    }

    @Test
    void everyHookPointSeesPyTorchsValueAndGradient() throws Exception {
        checkActivationsAndGradients(Device.CPU);
    }

    @Test
    void zeroingOneHeadOfHookZGivesPyTorchsAblatedLogits() throws Exception {
        checkHeadAblation(Device.CPU);
    }

    @Test
    void greedyGenerationContinuesThePromptAsPyTorchDoes() throws Exception {
        checkGreedyGeneration(Device.CPU);
    }
}

package dev.hookbook.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.interp.Attribution;
import dev.hookbook.interp.Attributions;
import dev.hookbook.io.Safetensors;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Captum's saliency, integrated gradients (with the convergence delta), Grad-CAM and occlusion,
 * spelled in plain PyTorch by {@code tools/golden/make_attribution_fixtures.py} on a small CNN
 * whose weights come through safetensors, give the same attributions in Hookbook.
 */
class AttributionGoldenTest {
    private static final JsonObject EXPECTED = Golden.load("attribution.json").getAsJsonObject();

    /** The fixture's CNN with PyTorch's weights. */
    static Sequential cnn() throws Exception {
        Sequential model = new Sequential(
                new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, 3, 1, 1), new ReLU(), new Flatten(), new Linear(6 * 5 * 5, 5));
        Path weights = Path.of(AttributionGoldenTest.class.getResource("/golden/attribution_cnn.safetensors").toURI());
        model.loadStateDict(Safetensors.load(weights), true);
        return model;
    }

    private static Tensor input() {
        return Golden.tensor(EXPECTED.getAsJsonObject("input"));
    }

    @Test
    void theModelLoadsWithPyTorchsWeightsAndLogits() throws Exception {
        Sequential model = cnn();
        assertEquals(EXPECTED.get("repr").getAsString(), model.toString());
        try (var off = Autograd.noGrad()) {
            Golden.assertClose("logits", EXPECTED.getAsJsonObject("logits"), model.call(input()), 1e-5);
        }
    }

    @TestFactory
    List<DynamicTest> eachMethodMatchesCaptumsDefinition() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : EXPECTED.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
        }
        return tests;
    }

    private static void check(JsonObject c) throws Exception {
        Sequential model = cnn();
        Tensor x = input();
        String name = c.get("name").getAsString();
        int target = c.get("target").getAsInt();
        double tol = c.get("tol").getAsDouble();
        switch (c.get("method").getAsString()) {
            case "saliency" -> Golden.assertClose(name, c.getAsJsonObject("values"), Attribution.saliency(model, x, target), tol);
            case "integratedGradients" -> {
                float b = c.get("baseline").getAsFloat();
                Tensor baseline = b == 0f ? null : Tensor.full(b, x.shape());
                Attributions ig = Attribution.integratedGradients(model, x, target, baseline, c.get("steps").getAsInt());
                Golden.assertClose(name + " values", c.getAsJsonObject("values"), ig.values(), tol);
                Golden.assertClose(name + " delta", c.getAsJsonObject("delta"), ig.convergenceDelta(), tol);
            }
            case "gradCam" -> Golden.assertClose(name, c.getAsJsonObject("values"),
                    Attribution.gradCam(model, c.get("layer").getAsString(), x, target), tol);
            case "occlusion" -> Golden.assertClose(name, c.getAsJsonObject("values"),
                    Attribution.occlusion(model, x, target, ints(c.getAsJsonArray("window")), ints(c.getAsJsonArray("stride"))), tol);
            default -> throw new AssertionError("unknown method in fixture: " + c.get("method"));
        }
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }
}

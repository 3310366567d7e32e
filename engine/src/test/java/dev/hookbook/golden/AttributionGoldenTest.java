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
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Captum's saliency, integrated gradients (with the convergence delta), Grad-CAM and occlusion,
 * spelled in plain PyTorch by {@code tools/golden/make_attribution_fixtures.py} on a small CNN
 * whose weights come through safetensors, give the same attributions in Hookbook.
 */
public class AttributionGoldenTest {
    private static final JsonObject EXPECTED = Golden.load("attribution.json").getAsJsonObject();

    /** The fixture's CNN with PyTorch's weights, on {@code device}. */
    public static Sequential cnn(Device device) throws Exception {
        Sequential model = new Sequential(
                new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, 3, 1, 1), new ReLU(), new Flatten(), new Linear(6 * 5 * 5, 5));
        Path weights = Path.of(AttributionGoldenTest.class.getResource("/golden/attribution_cnn.safetensors").toURI());
        model.loadStateDict(Safetensors.load(weights), true);
        model.to(device);
        return model;
    }

    /** The fixture's input [3, 1, 10, 10], on {@code device}. */
    public static Tensor input(Device device) {
        return Golden.tensor(EXPECTED.getAsJsonObject("input")).to(device);
    }

    /** Every case of the fixture, computed on {@code device}, gives PyTorch's result within the case's tolerance. */
    public static void checkAgainstPyTorch(Device device) throws Exception {
        for (JsonElement e : EXPECTED.getAsJsonArray("cases")) check(e.getAsJsonObject(), device);
    }

    @Test
    void theModelLoadsWithPyTorchsWeightsAndLogits() throws Exception {
        Sequential model = cnn(Device.CPU);
        assertEquals(EXPECTED.get("repr").getAsString(), model.toString());
        try (var off = Autograd.noGrad()) {
            Golden.assertClose("logits", EXPECTED.getAsJsonObject("logits"), model.call(input(Device.CPU)), 1e-5);
        }
    }

    @TestFactory
    List<DynamicTest> eachMethodMatchesCaptumsDefinition() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : EXPECTED.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c, Device.CPU)));
        }
        return tests;
    }

    private static void check(JsonObject c, Device device) throws Exception {
        Sequential model = cnn(device);
        Tensor x = input(device);
        String name = c.get("name").getAsString();
        int target = c.get("target").getAsInt();
        double tol = c.get("tol").getAsDouble();
        switch (c.get("method").getAsString()) {
            case "saliency" -> assertClose(name, c, "values", Attribution.saliency(model, x, target), tol, device);
            case "integratedGradients" -> {
                float b = c.get("baseline").getAsFloat();
                Tensor baseline = b == 0f ? null : Tensor.full(b, x.shape()).to(device);
                Attributions ig = Attribution.integratedGradients(model, x, target, baseline, c.get("steps").getAsInt());
                assertClose(name + " values", c, "values", ig.values(), tol, device);
                assertClose(name + " delta", c, "delta", ig.convergenceDelta(), tol, device);
            }
            case "gradCam" -> assertClose(name, c, "values", Attribution.gradCam(model, c.get("layer").getAsString(), x, target), tol, device);
            case "occlusion" -> assertClose(name, c, "values",
                    Attribution.occlusion(model, x, target, ints(c.getAsJsonArray("window")), ints(c.getAsJsonArray("stride"))), tol, device);
            default -> throw new AssertionError("unknown method in fixture: " + c.get("method"));
        }
    }

    private static void assertClose(String what, JsonObject c, String key, Tensor actual, double tol, Device device) {
        assertSame(device, actual.device(), what + ": the result stays on the input's device");
        Golden.assertClose(what + " on " + device, c.getAsJsonObject(key), actual, tol);
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }
}

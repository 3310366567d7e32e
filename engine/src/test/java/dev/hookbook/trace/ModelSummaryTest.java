package dev.hookbook.trace;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.Hookbook;
import dev.hookbook.backend.opencl.OpenClTestSupport;
import dev.hookbook.golden.Golden;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ModelSummary against torchinfo's rules applied to the same models in PyTorch (golden/summary.json). */
class ModelSummaryTest {

    /** A linear map without bias whose weight belongs to another module (weight tying). */
    static final class TiedLinear extends Module {
        private final Parameter weight;

        TiedLinear(Parameter weight) {
            this.weight = registerParameter("weight", weight);
        }

        @Override
        protected Tensor forward(Tensor x) {
            return F.linear(x, weight, null);
        }
    }

    static Module digitsCnn() {
        return new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(128, 10));
    }

    static Module fashionCnn() {
        return new Sequential(new Conv2d(1, 16, 3, 1, 1), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
                new Conv2d(16, 32, 3, 1, 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(32 * 7 * 7, 128), new ReLU(), new Linear(128, 10));
    }

    static Module mnistMlp() {
        return new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 512), new ReLU(), new Linear(512, 10));
    }

    static Module frozenShared() {
        Sequential encoder = new Sequential(new Linear(8, 16), new ReLU());
        Linear frozen = new Linear(16, 16);
        frozen.weight.requiresGrad(false);
        frozen.bias.requiresGrad(false);
        Linear partial = new Linear(16, 16);
        partial.bias.requiresGrad(false);
        ReLU relu = new ReLU();
        TiedLinear tied = new TiedLinear((Parameter) partial.weight);
        Sequential head = new Sequential(new Sequential(new Linear(16, 4)));
        return new Sequential(encoder, frozen, partial, relu, tied, partial, relu, head);
    }

    private static final Map<String, Supplier<Module>> MODELS = Map.of(
            "digitsCnn", ModelSummaryTest::digitsCnn, "fashionCnn", ModelSummaryTest::fashionCnn,
            "mnistMlp", ModelSummaryTest::mnistMlp, "frozenShared", ModelSummaryTest::frozenShared);

    private static List<JsonObject> cases() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : Golden.load("summary.json").getAsJsonObject().getAsJsonArray("cases")) out.add(e.getAsJsonObject());
        return out;
    }

    private static List<int[]> shapes(JsonArray a) {
        List<int[]> out = new ArrayList<>();
        for (JsonElement s : a) out.add(shape(s));
        return out;
    }

    private static int[] shape(JsonElement s) {
        JsonArray dims = s.getAsJsonArray();
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i).getAsInt();
        return shape;
    }

    @Test
    void everyModelMatchesTorchinfoRowForRowAndInTheTotals() {
        List<JsonObject> cases = cases();
        assertEquals(4, cases.size());
        for (JsonObject c : cases) {
            String name = c.get("name").getAsString();
            ModelSummary summary = ModelSummary.of(MODELS.get(name).get(), shapes(c.getAsJsonArray("inputShapes")));
            assertEquals(c.get("totalParameters").getAsLong(), summary.totalParameters(), name);
            assertEquals(c.get("trainableParameters").getAsLong(), summary.trainableParameters(), name);
            assertEquals(c.get("multAdds").getAsLong(), summary.multAdds(), name);

            JsonArray rows = c.getAsJsonArray("rows");
            assertEquals(rows.size(), summary.rows().size(), name);
            for (int i = 0; i < rows.size(); i++) {
                JsonObject expected = rows.get(i).getAsJsonObject();
                SummaryRow row = summary.rows().get(i);
                assertEquals(expected.get("layer").getAsString(), row.layerName(), name + " row " + i);
                assertEquals(expected.get("depth").getAsInt(), row.depth, name + " row " + i);
                assertArrayEquals(shape(expected.get("outputShape")), row.outputShape, name + " row " + i);
            }
            for (Map.Entry<String, JsonElement> table : c.getAsJsonObject("tables").entrySet()) {
                int depth = Integer.parseInt(table.getKey());
                ModelSummary atDepth = depth == 3 ? summary : summary.depth(depth);
                assertEquals(table.getValue().getAsString(), atDepth.toString(), name + " at depth " + depth);
            }
        }
    }

    @Test
    void theDigitsCnnByHand() {
        ModelSummary s = ModelSummary.of(digitsCnn(), 16, 1, 8, 8);
        // conv 8*(9)+8, batch norm 8+8, linear 128*10+10
        assertEquals(80 + 16 + 1290, s.totalParameters());
        // conv: 80 params at 16*8*8 positions; batch norm: 16 per sample; linear: 1290 per sample
        assertEquals(80L * 16 * 64 + 16L * 16 + 1290L * 16, s.multAdds());
        assertTrue(s.toString().contains("├─Conv2d (0): 1-1                        [16, 8, 8, 8]             80"), s.toString());
    }

    @Test
    void theModelIsLeftAsItWas() {
        Hookbook.manualSeed(3);
        Module model = frozenShared();
        Module cnn = digitsCnn();
        cnn.get("1").eval();                                    // mixed training flags
        Map<String, Tensor> before = new java.util.LinkedHashMap<>();
        cnn.stateDict().forEach((k, v) -> before.put(k, v.copy()));
        Hookbook.manualSeed(11);
        float expectedDraw = Tensor.randn(1).item();
        Hookbook.manualSeed(11);

        ModelSummary.of(cnn, 4, 1, 8, 8);
        ModelSummary.of(model, 2, 8);

        assertEquals(expectedDraw, Tensor.randn(1).item(), "the random generator was not drawn from");
        assertTrue(cnn.hooks().isEmpty() && model.hooks().isEmpty(), "hooks removed");
        assertTrue(cnn.isTraining() && cnn.get("0").isTraining() && !cnn.get("1").isTraining());
        cnn.stateDict().forEach((k, v) -> assertArrayEquals(before.get(k).toFloatArray(), v.toFloatArray(), k));
        assertTrue(cnn.parameters().stream().allMatch(p -> p.grad() == null && p.requiresGrad()));
    }

    @Test
    void depthLimitsTheRowsAndCountsWhatIsHiddenInTheLastShownRow() {
        ModelSummary s = ModelSummary.of(frozenShared(), 4, 8).depth(1);
        String text = s.toString();
        assertFalse(text.contains("2-1"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("├─Sequential (0): 1-1 ") && l.contains(" 144 ")), text);
        assertEquals(756, s.totalParameters(), "totals do not depend on the depth shown");
    }

    @Test
    void badInputSaysWhatWasExpected() {
        Module mlp = mnistMlp();
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(mlp, 4, 783));
        assertTrue(e.getMessage().startsWith("ModelSummary: the forward pass with input [4, 783] failed after 2 layer calls"), e.getMessage());
        assertTrue(e.getMessage().contains("expected input [*, 784], got [4, 783]"), e.getMessage());
        assertTrue(mlp.hooks().isEmpty(), "hooks removed after a failure too");
        assertEquals("ModelSummary.of: expected input shapes of positive sizes, batch first, such as (64, 784); got [4, 0]",
                assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(mlp, 4, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(mlp));
        assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(null, 1, 784));
        assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(mlp, 1, 784).depth(-1));
    }

    @Test
    void htmlHasARowPerShownLayerAndTheTotals() {
        String html = ModelSummary.of(frozenShared(), 4, 8).toHtml();
        assertEquals(13 + 8 + 1, html.split("<tr>").length - 1, html); // header, 13 layer rows, 8 totals
        assertTrue(html.contains(">TiedLinear (4): 1-5</td>") && html.contains(">(recursive)</td>"), html);
        assertTrue(html.contains(">Total params</td><td></td><td style=\"text-align:right;padding:2px 12px\">756</td>"), html);
        assertTrue(html.contains(">Params size (kB)</td>"), html);
    }

    @Test
    void aModelOnAnOpenClDeviceIsSummarisedOnItWithTheSameTable() {
        Device device = OpenClTestSupport.device();
        String onCpu = ModelSummary.of(digitsCnn(), 16, 1, 8, 8).toString();
        Module model = digitsCnn().to(device);
        assertEquals(onCpu, ModelSummary.of(model, 16, 1, 8, 8).toString());
        assertTrue(model.parameters().stream().allMatch(p -> p.device() == device), "the model stays on its device");
    }
}

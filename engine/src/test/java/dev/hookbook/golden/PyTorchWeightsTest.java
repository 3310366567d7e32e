package dev.hookbook.golden;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.io.Safetensors;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A model trained in PyTorch and saved as safetensors gives PyTorch's outputs in Hookbook, and survives a round trip. */
class PyTorchWeightsTest {
    private static final JsonObject EXPECTED = Golden.load("mlp_trained.json").getAsJsonObject();

    private static Sequential mlp() {
        return new Sequential(new Flatten(), new Linear(64, 32), new ReLU(), new Linear(32, 10));
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(PyTorchWeightsTest.class.getResource("/golden/mlp.safetensors").toURI());
    }

    @Test
    void aPyTorchTrainedModelGivesTheSameOutputs() throws Exception {
        Map<String, Tensor> weights = Safetensors.load(fixture());
        List<String> names = new ArrayList<>();
        for (JsonElement e : EXPECTED.getAsJsonArray("tensors")) names.add(e.getAsJsonObject().get("name").getAsString());
        assertEquals(names.stream().sorted().toList(), weights.keySet().stream().sorted().toList());

        Sequential model = mlp();
        model.loadStateDict(weights, true);
        model.eval();
        assertEquals(EXPECTED.get("repr").getAsString(), model.toString());
        Tensor out;
        try (var g = Autograd.noGrad()) {
            out = model.call(Golden.tensor(EXPECTED.getAsJsonObject("input")));
        }
        Golden.assertClose("output", EXPECTED.getAsJsonObject("output"), out, EXPECTED.get("tol").getAsDouble());
        float[] argmax = out.argmax(1).toFloatArray();
        float[] expectedArgmax = new float[argmax.length];
        for (int i = 0; i < argmax.length; i++) expectedArgmax[i] = EXPECTED.getAsJsonArray("argmax").get(i).getAsInt();
        assertArrayEquals(expectedArgmax, argmax);
    }

    @Test
    void weightsSavedByHookbookLoadBackUnchanged(@TempDir Path dir) throws IOException, URISyntaxException {
        Sequential trained = mlp();
        trained.loadStateDict(Safetensors.load(fixture()), true);
        Path file = dir.resolve("mlp.safetensors");
        Safetensors.save(trained.stateDict(), file);

        Sequential restored = mlp();
        restored.loadStateDict(Safetensors.load(file), true);
        Tensor x = Golden.tensor(EXPECTED.getAsJsonObject("input"));
        assertArrayEquals(trained.call(x).toFloatArray(), restored.call(x).toFloatArray());
    }
}

package dev.hookbook.golden;

import com.google.gson.JsonObject;
import dev.hookbook.io.Safetensors;
import dev.hookbook.models.MiniGpt;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@link MiniGpt} loads the weights PyTorch wrote for notebook 07's GPT
 * ({@code tools/golden/make_gpt_fixture.py}, {@code gpt_model.py}) unchanged, strictly, and gives
 * PyTorch's logits, loss and every parameter gradient within 1e-4 of each tensor's scale.
 */
public class MiniGptGoldenTest {
    private static final JsonObject EXPECTED = Golden.load("gpt.json").getAsJsonObject();
    private static final JsonObject CONFIG = EXPECTED.getAsJsonObject("config");

    /** The fixture's model as a MiniGpt, with PyTorch's weights loaded strictly (every name matched). */
    public static MiniGpt pytorchsMiniGpt() throws Exception {
        MiniGpt model = new MiniGpt(new MiniGpt.Config(CONFIG.get("vocab").getAsInt(), CONFIG.get("block").getAsInt(),
                CONFIG.get("embed").getAsInt(), CONFIG.get("heads").getAsInt(), CONFIG.get("layers").getAsInt()));
        Path weights = Path.of(MiniGptGoldenTest.class.getResource("/golden/gpt.safetensors").toURI());
        model.loadStateDict(Safetensors.load(weights), true);
        return model;
    }

    /** The fixture's input token ids [3, 8]. */
    public static Tensor fixtureTokens() {
        return Golden.tensor(EXPECTED.getAsJsonObject("idx"));
    }

    public static void checkAgainstPyTorch(Device device) throws Exception {
        MiniGpt model = pytorchsMiniGpt();
        model.to(device);
        Tensor idx = fixtureTokens().to(device);
        Tensor targets = Golden.tensor(EXPECTED.getAsJsonObject("targets")).to(device);
        int vocab = CONFIG.get("vocab").getAsInt();

        Tensor logits = model.call(idx);
        Tensor loss = F.crossEntropy(logits.reshape(-1, vocab), targets.reshape(-1));
        loss.backward();

        GptGoldenTest.assertScaledClose("logits", EXPECTED.getAsJsonObject("logits"), logits);
        GptGoldenTest.assertScaledClose("loss", EXPECTED.getAsJsonObject("loss"), loss);
        Map<String, Tensor> grads = Golden.named(EXPECTED.getAsJsonArray("grads"));
        Map<String, Parameter> params = model.namedParameters();
        assertEquals(List.copyOf(grads.keySet()), List.copyOf(params.keySet()), "parameter names, in PyTorch's named_parameters order");
        for (var e : grads.entrySet()) {
            Tensor grad = params.get(e.getKey()).grad();
            assertNotNull(grad, "no gradient for " + e.getKey());
            GptGoldenTest.assertScaledClose("grad of " + e.getKey(), e.getValue(), grad);
        }
    }

    @Test
    void reprIsPyTorchsWithTheClassNameOfItsOwn() throws Exception {
        assertEquals(EXPECTED.get("repr").getAsString().replace("TinyGpt(", "MiniGpt("), pytorchsMiniGpt().toString());
    }

    @Test
    void stateDictNamesAreThoseOfThePyTorchModel() throws Exception {
        Path weights = Path.of(MiniGptGoldenTest.class.getResource("/golden/gpt.safetensors").toURI());
        assertEquals(Safetensors.load(weights).keySet(), pytorchsMiniGpt().stateDict().keySet());
    }

    @Test
    void logitsLossAndEveryGradientMatchPyTorchOnTheCpu() throws Exception {
        checkAgainstPyTorch(Device.CPU);
    }
}

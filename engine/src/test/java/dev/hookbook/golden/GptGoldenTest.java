package dev.hookbook.golden;

import com.google.gson.JsonObject;
import dev.hookbook.io.Safetensors;
import dev.hookbook.nn.Embedding;
import dev.hookbook.nn.F;
import dev.hookbook.nn.GELU;
import dev.hookbook.nn.LayerNorm;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.MultiheadAttention;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The small GPT of notebook 07, built layer for layer as PyTorch builds it
 * ({@code tools/golden/make_gpt_fixture.py}), loaded with the weights PyTorch wrote, gives
 * PyTorch's logits, loss and every parameter gradient within 1e-4 of each tensor's scale.
 */
public class GptGoldenTest {
    private static final JsonObject EXPECTED = Golden.load("gpt.json").getAsJsonObject();
    private static final JsonObject CONFIG = EXPECTED.getAsJsonObject("config");

    /** A pre-LayerNorm transformer block: causal self-attention and a GELU MLP, each with a residual connection. */
    static final class Block extends Module {
        final LayerNorm ln1;
        final MultiheadAttention attn;
        final LayerNorm ln2;
        final Sequential mlp;

        Block(int embed, int heads) {
            ln1 = addModule("ln1", new LayerNorm(embed));
            attn = addModule("attn", new MultiheadAttention(embed, heads));
            ln2 = addModule("ln2", new LayerNorm(embed));
            mlp = addModule("mlp", new Sequential(new Linear(embed, 4 * embed), new GELU(), new Linear(4 * embed, embed)));
        }

        @Override
        public Tensor forward(Tensor... in) {
            Tensor x = in[0];
            Tensor mask = F.causalMask(x.size(1)).to(x.device());
            Tensor h = ln1.call(x);
            x = x.add(attn.call(h, h, h, mask));
            return x.add(mlp.call(ln2.call(x)));
        }
    }

    /** Token and position embeddings, blocks, a final LayerNorm and a linear head. */
    static final class TinyGpt extends Module {
        final Embedding tok;
        final Embedding pos;
        final Sequential blocks;
        final LayerNorm ln;
        final Linear head;

        TinyGpt(int vocab, int block, int embed, int heads, int layers) {
            tok = addModule("tok", new Embedding(vocab, embed));
            pos = addModule("pos", new Embedding(block, embed));
            Module[] bs = new Module[layers];
            for (int i = 0; i < layers; i++) bs[i] = new Block(embed, heads);
            blocks = addModule("blocks", new Sequential(bs));
            ln = addModule("ln", new LayerNorm(embed));
            head = addModule("head", new Linear(embed, vocab));
        }

        @Override
        public Tensor forward(Tensor... in) {
            Tensor idx = in[0];
            Tensor positions = Tensor.arange(0, idx.size(1)).to(idx.device());
            Tensor x = tok.call(idx).add(pos.call(positions));
            return head.call(ln.call(blocks.call(x)));
        }
    }

    static TinyGpt pytorchsGpt() throws Exception {
        TinyGpt model = new TinyGpt(CONFIG.get("vocab").getAsInt(), CONFIG.get("block").getAsInt(),
                CONFIG.get("embed").getAsInt(), CONFIG.get("heads").getAsInt(), CONFIG.get("layers").getAsInt());
        Path weights = Path.of(GptGoldenTest.class.getResource("/golden/gpt.safetensors").toURI());
        model.loadStateDict(Safetensors.load(weights), true);
        return model;
    }

    public static void checkAgainstPyTorch(Device device) throws Exception {
        TinyGpt model = pytorchsGpt();
        model.to(device);
        Tensor idx = Golden.tensor(EXPECTED.getAsJsonObject("idx")).to(device);
        Tensor targets = Golden.tensor(EXPECTED.getAsJsonObject("targets")).to(device);
        int vocab = CONFIG.get("vocab").getAsInt();

        Tensor logits = model.call(idx);
        Tensor loss = F.crossEntropy(logits.reshape(-1, vocab), targets.reshape(-1));
        loss.backward();

        assertScaledClose("logits", EXPECTED.getAsJsonObject("logits"), logits);
        assertScaledClose("loss", EXPECTED.getAsJsonObject("loss"), loss);
        Map<String, Tensor> grads = Golden.named(EXPECTED.getAsJsonArray("grads"));
        Map<String, Parameter> params = model.namedParameters();
        assertEquals(grads.keySet(), params.keySet(), "parameter names (PyTorch's named_parameters order)");
        for (var e : grads.entrySet()) {
            Tensor grad = params.get(e.getKey()).grad();
            assertTrue(grad != null, "no gradient for " + e.getKey());
            assertScaledClose("grad of " + e.getKey(), e.getValue(), grad);
        }
    }

    /** |actual - expected| <= 1e-4 * max|expected| element by element: relative to the tensor's own scale. */
    static void assertScaledClose(String what, JsonObject expectedJson, Tensor actual) {
        assertScaledClose(what, Golden.tensor(expectedJson), actual);
    }

    static void assertScaledClose(String what, Tensor expected, Tensor actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        float[] e = expected.toFloatArray();
        float[] a = actual.to(Device.CPU).toFloatArray();
        double scale = 0;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(a[i] - e[i]);
            if (d > worst) { worst = d; at = i; }
        }
        assertTrue(worst <= 1e-4 * Math.max(scale, 1e-30),
                what + ": largest difference " + worst + " at flat index " + at + " (expected " + (at < 0 ? 0 : e[at])
                        + ", got " + (at < 0 ? 0 : a[at]) + "), allowed 1e-4 of the scale " + scale);
    }

    @Test
    void reprIsPyTorchs() throws Exception {
        assertEquals(EXPECTED.get("repr").getAsString(), pytorchsGpt().toString());
    }

    @Test
    void logitsLossAndEveryGradientMatchPyTorchOnTheCpu() throws Exception {
        checkAgainstPyTorch(Device.CPU);
    }
}

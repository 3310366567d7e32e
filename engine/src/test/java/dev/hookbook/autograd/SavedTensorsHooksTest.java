package dev.hookbook.autograd;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.hookbook.golden.Golden;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Autograd.savedTensorsHooks(pack, unpack)}, as PyTorch's
 * {@code torch.autograd.graph.saved_tensors_hooks} (torch/autograd/graph.py: the scope pushes
 * the pair on entering and pops it on leaving; SavedVariable packs when an op saves, in
 * forward, and unpacks when backward reads). Checked against PyTorch 1.13 ({@code hooks2.json},
 * savedTensorsHooks): which tensors are packed in which order, the unpack order, nesting.
 */
class SavedTensorsHooksTest {
    private static final JsonObject FIXTURE = Golden.load("hooks2.json").getAsJsonObject().getAsJsonObject("savedTensorsHooks");
    private static final Gson GSON = new Gson();

    @Test
    void packRunsInForwardAndUnpackInBackwardInPyTorchsOrder() {
        Tensor[] xw = NodeHooksTest.leaves();
        List<List<Integer>> packed = new ArrayList<>();
        List<Integer> unpacked = new ArrayList<>();
        List<Tensor> store = new ArrayList<>();
        Tensor y;
        try (var s = Autograd.savedTensorsHooks(t -> {
            packed.add(Arrays.stream(t.shape()).boxed().toList());
            store.add(t);
            return store.size() - 1;
        }, i -> {
            unpacked.add((Integer) i);
            return store.get((Integer) i);
        })) {
            y = xw[0].mul(xw[1]).exp().tanh().sum();
        }
        assertEquals(List.of(), unpacked, "nothing is unpacked before backward");
        y.backward();
        JsonObject expected = FIXTURE.getAsJsonObject("plain");
        assertEquals(GSON.fromJson(expected.get("packedShapes"), List.class), GSON.fromJson(GSON.toJson(packed), List.class));
        assertEquals(GSON.fromJson(expected.get("unpackedIndices"), List.class), GSON.fromJson(GSON.toJson(unpacked), List.class));
        Golden.assertClose("x.grad", expected.getAsJsonObject("xGrad"), xw[0].grad(), 1e-5);
        Golden.assertClose("w.grad", expected.getAsJsonObject("wGrad"), xw[1].grad(), 1e-5);
    }

    @Test
    void theInnermostScopePacksAndTheOuterOneAgainOnceItCloses() {
        Tensor x = NodeHooksTest.leaves()[0];
        List<String> packers = new ArrayList<>();
        Tensor c;
        try (var outer = Autograd.savedTensorsHooks(t -> { packers.add("outer"); return t; }, o -> (Tensor) o)) {
            Tensor a = x.exp();
            Tensor b;
            try (var inner = Autograd.savedTensorsHooks(t -> { packers.add("inner"); return t; }, o -> (Tensor) o)) {
                b = a.tanh();
            }
            c = b.exp();
        }
        c.sum().backward();
        assertEquals(GSON.fromJson(FIXTURE.getAsJsonObject("nested").get("packers"), List.class), packers);
        x.exp();
        assertEquals(3, packers.size(), "closed scopes pack nothing");
    }

    @Test
    void backwardUsesWhatUnpackReturns() {
        Tensor x = NodeHooksTest.leaves()[0];
        Tensor y;
        try (var s = Autograd.savedTensorsHooks(t -> t, o -> ((Tensor) o).mul(2f))) {
            y = x.exp();
        }
        y.sum().backward();
        Golden.assertClose("x.grad", FIXTURE.getAsJsonObject("unpackDoubles").getAsJsonObject("xGrad"), x.grad(), 1e-5);
    }

    @Test
    void nothingIsPackedWhenNothingIsRecorded() {
        AtomicInteger packs = new AtomicInteger();
        Tensor x = Tensor.of(new float[]{1, 2}, 2);
        try (var s = Autograd.savedTensorsHooks(t -> { packs.incrementAndGet(); return t; }, o -> (Tensor) o)) {
            x.exp();                                     // needs no gradient
            try (var g = Autograd.noGrad()) {
                x.requiresGrad(true).exp();              // records nothing
            }
            assertEquals(0, packs.get());
            x.exp().sum();                               // Exp saves its result; Sum keeps only a shape
            assertEquals(1, packs.get());
        }
    }

    @Test
    void hooksBelongToTheThreadThatOpenedTheScope() throws Exception {
        AtomicInteger packs = new AtomicInteger();
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        try (var s = Autograd.savedTensorsHooks(t -> { packs.incrementAndGet(); return t; }, o -> (Tensor) o)) {
            Thread other = new Thread(() -> x.exp());
            other.start();
            other.join();
            assertEquals(0, packs.get(), "another thread's ops are not packed");
            Throwable[] closing = new Throwable[1];
            Thread closer = new Thread(() -> {
                try {
                    s.close();
                } catch (Throwable e) {
                    closing[0] = e;
                }
            });
            closer.start();
            closer.join();
            assertTrue(closing[0] instanceof IllegalStateException, "closing on another thread is refused");
            x.exp();
            assertEquals(1, packs.get(), "still open on this thread");
        }
    }

    @Test
    void hooksMayCallOpsAndAWrongUnpackIsRefusedInOneLine() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        Tensor y;
        try (var s = Autograd.savedTensorsHooks(t -> t.mul(1f), o -> ((Tensor) o).mul(1f))) {
            y = x.exp(); // the hooks' own ops record and save nothing through the hooks: no recursion
        }
        y.sum().backward(Tensor.scalar(1f), true);
        assertArrayEquals(new float[]{(float) Math.E, (float) Math.exp(2)}, x.grad().toFloatArray(), 1e-5f);

        Tensor z;
        try (var s = Autograd.savedTensorsHooks(t -> t, o -> Tensor.ones(3))) {
            z = x.exp();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertEquals("ExpBackward: the saved-tensors unpack hook returned a tensor of shape [3] for a saved tensor of shape [2]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Autograd.savedTensorsHooks(null, o -> (Tensor) o));
    }

    /** A pack that moves every saved tensor off into a plain array, and an unpack that makes a new tensor from it. */
    private static final class OffloadHooks {
        int packs, unpacks;
        final Function<Tensor, Object> pack = t -> {
            packs++;
            return new Object[]{t.toFloatArray(), t.shape(), t.device()};
        };
        final Function<Object, Tensor> unpack = o -> {
            unpacks++;
            Object[] a = (Object[]) o;
            return Tensor.fromArray((float[]) a[0], (int[]) a[1], (Device) a[2]);
        };
    }

    /** Every op that saves tensors reads them back through Saved: its gradient stays right when they come back as new tensors. */
    @Test
    void everyOpThatSavesTensorsGivesTheRightGradientThroughOffloadingHooks() {
        Map<String, GradCheck.Fn> ops = new java.util.LinkedHashMap<>();
        ops.put("mul", xs -> xs[0].mul(xs[1]));
        ops.put("div", xs -> xs[0].div(xs[1].abs().add(1f)));
        ops.put("matmul", xs -> xs[0].matmul(xs[1].transpose(0, 1)));
        ops.put("linear", xs -> F.linear(xs[0], xs[1].reshape(2, 3), xs[1].reshape(6).sum(0, true).expand(2)));
        ops.put("pow exp log sqrt abs", xs -> xs[0].abs().add(1f).pow(1.5f).exp().log().sqrt());
        ops.put("tanh sigmoid relu leakyRelu", xs -> F.leakyRelu(xs[0].tanh().sigmoid().sub(0.6f).relu().sub(0.01f), 0.1f));
        ops.put("max softmax logSoftmax", xs -> xs[0].max(1, true).add(xs[0].softmax(1)).add(F.logSoftmax(xs[0], 1)));
        ops.put("nllLoss", xs -> F.crossEntropy(xs[0].reshape(3, 2), Tensor.of(new float[]{0, 1, 1}, 3)));
        ops.put("conv2d maxPool2d", xs -> F.maxPool2d(F.conv2d(xs[0].reshape(1, 1, 2, 3),
                xs[1].matmul(Tensor.ones(3, 2)).reshape(1, 1, 2, 2), null, 1, 1), 2));
        ops.put("batchNorm", xs -> F.batchNorm(xs[0], null, null, xs[1].reshape(6).reshape(2, 3).sum(0, false), null, true));
        for (var op : ops.entrySet()) {
            OffloadHooks hooks = new OffloadHooks();
            GradCheck.Report report;
            try (var s = Autograd.savedTensorsHooks(hooks.pack, hooks.unpack)) {
                report = GradCheck.check(op.getValue(), rand(1, 2, 3), rand(2, 2, 3));
            }
            assertTrue(report.passed(), op.getKey() + ": " + report);
            assertTrue(hooks.packs > 0 && hooks.unpacks >= hooks.packs, op.getKey() + ": packed " + hooks.packs + ", unpacked " + hooks.unpacks);
        }
    }

    private static Tensor rand(long seed, int... shape) {
        java.util.Random r = new java.util.Random(seed);
        float[] d = new float[dev.hookbook.tensor.Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape).requiresGrad(true);
    }
}

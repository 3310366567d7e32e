package dev.hookbook.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.GELU;
import dev.hookbook.nn.LayerNorm;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.MultiheadAttention;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Saved tensors are the graph's only hold on memory, as in PyTorch: under a pack hook that keeps
 * only a shape, no module output stays reachable once forward is done, though the loss (the
 * graph's root) is still alive; and a pack hook that keeps the tensor changes no gradient.
 */
class SavedTensorsMemoryTest {
    /** What the dropping pack hook keeps instead of a tensor. */
    private record ShapeOnly(int[] shape) {}

    private static Module mlp() {
        return new Sequential(new Linear(8, 16), new ReLU(), new Linear(16, 16), new ReLU(), new Linear(16, 4));
    }

    private static Module cnn() {
        return new Sequential(new Conv2d(2, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(4 * 3 * 3, 5));
    }

    /** LayerNorm, self-attention, GELU, Linear over [batch, tokens, 8]. */
    private static final class Block extends Module {
        final LayerNorm norm = addModule("norm", new LayerNorm(8));
        final MultiheadAttention attention = addModule("attention", new MultiheadAttention(8, 2));
        final GELU gelu = addModule("gelu", new GELU());
        final Linear out = addModule("out", new Linear(8, 8));

        @Override
        protected Tensor forward(Tensor... xs) {
            Tensor h = norm.call(xs[0]);
            h = attention.call(h, h, h);
            return out.call(gelu.call(h.add(xs[0])));
        }
    }

    private static Tensor input(int... shape) {
        return Tensor.randn(shape);
    }

    @Test
    void noModuleOutputOfAnMlpStaysReachableUnderADroppingPackHook() {
        Hookbook.manualSeed(1);
        assertNothingReachable(mlp(), () -> input(4, 8));
    }

    @Test
    void moduleBackwardHooksKeepNoOutputReachableEither() {
        Hookbook.manualSeed(5);
        Module model = mlp();
        // Their identity nodes are in the graph, around every module call.
        try (var hook = Module.registerGlobalFullBackwardHook((m, gradInputs, gradOutputs) -> null)) {
            assertNothingReachable(model, () -> input(4, 8));
        }
    }

    @Test
    void noModuleOutputOfACnnStaysReachableUnderADroppingPackHook() {
        Hookbook.manualSeed(2);
        assertNothingReachable(cnn(), () -> input(2, 2, 6, 6));
    }

    @Test
    void noModuleOutputOfAnAttentionBlockStaysReachableUnderADroppingPackHook() {
        Hookbook.manualSeed(3);
        assertNothingReachable(new Block(), () -> input(2, 5, 8));
    }

    @Test
    void aKeepingPackHookChangesNoGradient() {
        for (Module model : List.of(mlp(), cnn(), new Block())) {
            Hookbook.manualSeed(4);
            Tensor x = model instanceof Block ? input(2, 5, 8) : model.parameters().get(0).dim() == 4 ? input(2, 2, 6, 6) : input(4, 8);
            List<float[]> plain = gradients(model, x);
            List<float[]> hooked;
            int[] packs = {0};
            try (var s = Autograd.savedTensorsHooks(t -> {
                packs[0]++;
                return t;
            }, o -> (Tensor) o)) {
                hooked = gradients(model, x);
            }
            assertTrue(packs[0] > 0, "the hook saw the saved tensors");
            for (int i = 0; i < plain.size(); i++) assertArrayEquals(plain.get(i), hooked.get(i), 0f, "parameter " + i);
        }
    }

    private static List<float[]> gradients(Module model, Tensor x) {
        for (Parameter p : model.parameters()) p.setGrad(null);
        model.call(x).pow(2f).mean().backward();
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) out.add(p.grad().toFloatArray());
        return out;
    }

    private static void assertNothingReachable(Module model, Supplier<Tensor> input) {
        List<WeakReference<Tensor>> outputs = new ArrayList<>();
        Tensor loss = forward(model, input, outputs);
        assertTrue(outputs.size() >= 4, "the forward hook saw the module outputs: " + outputs.size());
        int reachable = outputs.size();
        for (int round = 0; round < 10 && reachable > 0; round++) {
            System.gc();
            reachable = (int) outputs.stream().filter(r -> r.get() != null).count();
            if (reachable > 0) sleep();
        }
        assertEquals(0, reachable, "module outputs still reachable from the graph, of " + outputs.size());
        // The graph is alive all along: the root still has its node, and the node its saved shapes.
        assertNotNull(loss.gradFnNode());
        assertTrue(loss.requiresGrad());
    }

    /** Runs forward under the dropping hook, keeping weak references to every module output; returns the loss only. */
    private static Tensor forward(Module model, Supplier<Tensor> input, List<WeakReference<Tensor>> outputs) {
        try (var hook = Module.registerGlobalForwardHook((m, in, out) -> {
                 outputs.add(new WeakReference<>(out));
                 return null;
             });
             var s = Autograd.savedTensorsHooks(t -> new ShapeOnly(t.shape()), o -> {
                 throw new IllegalStateException("the tensor was dropped");
             })) {
            return model.call(input.get()).pow(2f).mean();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.hookbook.nn;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Checkpoint.checkpoint}, as {@code torch.utils.checkpoint.checkpoint(fn, *args,
 * use_reentrant=False)} (PyTorch 1.13's torch/utils/checkpoint.py, _checkpoint_without_reentrant):
 * the gradients equal the plain run's exactly, the segment runs again in backward, and the graph
 * keeps none of the segment's saved tensors in between.
 */
public class CheckpointTest {

    /** What a model run leaves after backward: every parameter's gradient, then the input's. */
    public static List<float[]> gradients(Module model, UnaryOperator<Tensor> run, Tensor x) {
        model.zeroGrad();
        Tensor input = x.detach().requiresGrad(true);
        Tensor out = run.apply(input);
        out.mul(out).sum().backward();
        List<float[]> grads = new ArrayList<>();
        for (Parameter p : model.parameters()) grads.add(p.grad().toFloatArray());
        grads.add(input.grad().toFloatArray());
        return grads;
    }

    public static void assertSameGradients(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), "gradient " + i);
    }

    public static Sequential mlp() {
        Hookbook.manualSeed(1);
        return new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 16), new Tanh(), new Linear(16, 16), new ReLU(), new Linear(16, 3));
    }

    public static Sequential cnn() {
        Hookbook.manualSeed(2);
        return new Sequential(new Conv2d(2, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(4, 6, 3, 1, 1), new Sigmoid(),
                new Flatten(), new Linear(6 * 2 * 2, 5));
    }

    public static Sequential withDropout() {
        Hookbook.manualSeed(3);
        return new Sequential(new Linear(6, 32), new ReLU(), new Dropout(0.5f), new Linear(32, 32), new Dropout(0.3f), new Tanh(), new Linear(32, 2));
    }

    /** Each module on its own, checkpointed. */
    public static Tensor perLayer(Sequential model, Tensor x) {
        for (Module m : model) x = Checkpoint.checkpoint(m, x);
        return x;
    }

    @Test
    void anMlpCheckpointedPerLayerOrWholeHasThePlainGradients() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(5, 6);
        List<float[]> plain = gradients(model, model::call, x);
        assertSameGradients(plain, gradients(model, in -> perLayer(model, in), x));
        assertSameGradients(plain, gradients(model, in -> Checkpoint.checkpoint(model, in), x));
        assertSameGradients(plain, gradients(model, in -> Checkpoint.checkpoint(model::call, in), x));
        assertSameGradients(plain, gradients(model, in -> Checkpoint.checkpointSequential(model, 3, in), x));
    }

    @Test
    void aCnnHasThePlainGradients() {
        Sequential model = cnn();
        Tensor x = Tensor.randn(3, 2, 4, 4);
        List<float[]> plain = gradients(model, model::call, x);
        assertSameGradients(plain, gradients(model, in -> perLayer(model, in), x));
        assertSameGradients(plain, gradients(model, in -> Checkpoint.checkpointSequential(model, 2, in), x));
    }

    @Test
    void dropoutDrawsTheSameMasksWhenRecomputedAndTheGeneratorGoesOnAsInThePlainRun() {
        Sequential model = withDropout();
        Tensor x = Tensor.randn(8, 6);
        Hookbook.manualSeed(42);
        List<float[]> plain = gradients(model, model::call, x);
        float[] drawnAfterPlain = Tensor.rand(4).toFloatArray();
        Hookbook.manualSeed(42);
        List<float[]> checkpointed = gradients(model, in -> perLayer(model, in), x);
        float[] drawnAfterCheckpointed = Tensor.rand(4).toFloatArray();
        assertSameGradients(plain, checkpointed);
        assertArrayEquals(drawnAfterPlain, drawnAfterCheckpointed, "recomputing leaves the generator where the plain run left it");
    }

    @Test
    void aSegmentOfSeveralInputsGivesEachItsGradient() {
        Tensor a = Tensor.randn(3, 4), b = Tensor.randn(3, 4), c = Tensor.randn(3, 4);
        Tensor[] plain = {a.detach().requiresGrad(true), b.detach().requiresGrad(true), c.detach()};
        Tensor[] checkpointed = {a.detach().requiresGrad(true), b.detach().requiresGrad(true), c.detach()};
        plain[0].mul(plain[1]).tanh().mul(plain[2]).exp().sum().backward();
        Checkpoint.checkpoint(xs -> xs[0].mul(xs[1]).tanh().mul(xs[2]), checkpointed).exp().sum().backward();
        assertArrayEquals(plain[0].grad().toFloatArray(), checkpointed[0].grad().toFloatArray());
        assertArrayEquals(plain[1].grad().toFloatArray(), checkpointed[1].grad().toFloatArray());
        assertNull(checkpointed[2].grad(), "an input that needs no gradient gets none");
    }

    @Test
    void theSegmentRunsAgainInBackwardOnce() {
        Sequential model = mlp();
        AtomicInteger runs = new AtomicInteger();
        Tensor x = Tensor.randn(4, 6).requiresGrad(true);
        Tensor y = Checkpoint.checkpoint(in -> {
            runs.incrementAndGet();
            return model.call(in);
        }, x);
        assertEquals(1, runs.get());
        y.sum().backward();
        assertEquals(2, runs.get(), "one recomputation serves every saved tensor of the segment");
    }

    @Test
    void nestedCheckpointsHaveThePlainGradients() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(5, 6);
        List<float[]> plain = gradients(model, model::call, x);
        UnaryOperator<Tensor> nested = in -> Checkpoint.checkpoint(a -> {
            Tensor h = model.get(0).call(a);
            h = Checkpoint.checkpoint(b -> model.get(2).call(model.get(1).call(b)), h);
            h = model.get(3).call(h);
            return Checkpoint.checkpoint(b -> model.get(6).call(model.get(5).call(model.get(4).call(b))), h);
        }, in);
        assertSameGradients(plain, gradients(model, nested, x));
    }

    @Test
    void underNoGradTheSegmentJustRuns() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(4, 6).requiresGrad(true);
        AtomicInteger packs = new AtomicInteger();
        Tensor y;
        try (var hooks = Autograd.savedTensorsHooks(t -> { packs.incrementAndGet(); return t; }, o -> (Tensor) o);
             var off = Autograd.noGrad()) {
            y = Checkpoint.checkpoint(model, x);
        }
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertEquals(0, packs.get());
        assertArrayEquals(model.call(x).toFloatArray(), y.toFloatArray());
    }

    @Test
    void inputsThatNeedNoGradientStillGiveTheParametersTheirs() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(5, 6);   // no requiresGrad
        model.zeroGrad();
        Tensor plain = model.call(x);
        plain.mul(plain).sum().backward();
        List<float[]> expected = new ArrayList<>();
        for (Parameter p : model.parameters()) expected.add(p.grad().toFloatArray());
        model.zeroGrad();
        Tensor y = perLayer(model, x);
        y.mul(y).sum().backward();
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), model.parameters().get(i).grad().toFloatArray());
        assertNull(x.grad());
    }

    @Test
    void theGraphHoldsOnlyIndicesForTheSegmentsSavedTensors() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(4, 6).requiresGrad(true);
        List<Tensor> packedOutside = new ArrayList<>();
        Tensor y;
        try (var hooks = Autograd.savedTensorsHooks(t -> { packedOutside.add(t); return t; }, o -> (Tensor) o)) {
            y = Checkpoint.checkpoint(model, x);
        }
        assertEquals(List.of(), packedOutside, "the checkpoint's own hooks take every tensor its segment saves");
        Tensor z;
        try (var hooks = Autograd.savedTensorsHooks(t -> { packedOutside.add(t); return t; }, o -> (Tensor) o)) {
            z = Checkpoint.checkpoint(in -> in.exp().tanh(), x).exp();
        }
        assertEquals(1, packedOutside.size(), "only the exp after the segment saves through the outer scope");
        assertNotNull(y.gradFn());
        z.sum().backward();
        Tensor t = x.detach().exp().tanh();
        float[] expected = t.exp().mul(t.mul(t).neg().add(1f)).mul(x.detach().exp()).toFloatArray();
        assertArrayEquals(expected, x.grad().toFloatArray(), 1e-4f);
    }

    @Test
    void aSegmentsIntermediatesAreUnreachableBetweenForwardAndBackward() throws InterruptedException {
        Tensor x = Tensor.randn(64, 64);
        Tensor xPlain = x.detach().requiresGrad(true);
        Tensor xCheckpointed = x.detach().requiresGrad(true);
        List<WeakReference<Tensor>> inside = new ArrayList<>();
        UnaryOperator<Tensor> segment = in -> {
            Tensor a = in.exp();
            Tensor b = a.tanh();
            inside.add(new WeakReference<>(a));
            inside.add(new WeakReference<>(b));
            return b.sigmoid();
        };
        Tensor plain = segment.apply(xPlain);
        Tensor checkpointed = Checkpoint.checkpoint(segment, xCheckpointed);
        for (int i = 0; i < 20 && (inside.get(2).get() != null || inside.get(3).get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNotNull(inside.get(0).get(), "the plain graph keeps exp's output (ExpBackward reads it)");
        assertNull(inside.get(2).get(), "checkpointing keeps no intermediate of the segment");
        assertNull(inside.get(3).get());
        checkpointed.sum().backward();
        plain.sum().backward();
        assertArrayEquals(xPlain.grad().toFloatArray(), xCheckpointed.grad().toFloatArray());
    }

    @Test
    void backwardTwiceThroughARetainedGraphRecomputesAgain() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(4, 6).requiresGrad(true);
        AtomicInteger runs = new AtomicInteger();
        Tensor y = Checkpoint.checkpoint(in -> {
            runs.incrementAndGet();
            return model.call(in);
        }, x).sum();
        y.backward(Tensor.scalar(1f), true);
        float[] once = x.grad().toFloatArray();
        y.backward();
        assertEquals(3, runs.get());
        float[] twice = x.grad().toFloatArray();
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], twice[i], 1e-6f * Math.max(1f, Math.abs(twice[i])));
    }

    @Test
    void aSegmentThatRunsOtherOpsWhenRecomputedIsRefused() {
        AtomicInteger runs = new AtomicInteger();
        Tensor x = Tensor.randn(3).requiresGrad(true);
        Tensor y = Checkpoint.checkpoint(in -> runs.getAndIncrement() == 0 ? in.exp().tanh() : in.tanh(), x);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("checkpoint: recomputing the segment saved 1 tensors for backward, but its forward saved 2 "
                + "(a checkpointed segment has to run the same ops each time)", e.getMessage());
    }

    @Test
    void badArgumentsAreRefusedInOneLine() {
        Sequential model = mlp();
        Tensor x = Tensor.randn(2, 6);
        assertEquals("checkpoint: expected a module to run, got null",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.checkpoint((Module) null, x)).getMessage());
        assertEquals("checkpoint: expected a segment to run, got null",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.checkpoint((UnaryOperator<Tensor>) null, x)).getMessage());
        assertEquals("checkpointSequential: expected between 1 and 7 segments (the Sequential's size), got 8",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.checkpointSequential(model, 8, x)).getMessage());
        assertEquals("checkpointSequential: expected between 1 and 7 segments (the Sequential's size), got 0",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.checkpointSequential(model, 0, x)).getMessage());
    }

    @Test
    void checkpointSequentialSplitsAsPyTorchDoes() {
        // 7 modules in 3 segments: 2 + 2 checkpointed, the last 3 plain (size // segments per segment).
        // PyTorch 1.13, the same model with forward hooks: checkpoint_sequential(m, 3, x) runs
        // 0..6, and backward runs 2, 3, 0, 1 (1.13 offers only the re-entrant variant here;
        // torch/utils/checkpoint.py of 2.x splits the same way with use_reentrant=False).
        List<String> order = new ArrayList<>();
        Sequential model = mlp();
        for (int i = 0; i < model.size(); i++) {
            int index = i;
            model.get(i).registerForwardHook((m, in, out) -> {
                order.add(String.valueOf(index));
                return null;
            });
        }
        Tensor y = Checkpoint.checkpointSequential(model, 3, Tensor.randn(2, 6).requiresGrad(true));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), order);
        order.clear();
        y.sum().backward();
        assertEquals(List.of("2", "3", "0", "1"), order, "backward recomputes the two checkpointed segments, the later first");
        assertTrue(Device.CPU.equals(y.device()));
    }
}

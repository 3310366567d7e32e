package dev.hookbook.optim;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.F;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The optimizer step fused into backward (PyTorch's tutorial "How to save memory by fusing the
 * optimizer step into the backward pass", which needs 2.1's post-accumulate-grad hooks): the
 * same parameters as the plain {@code zeroGrad; backward; step} loop, with one gradient alive at a
 * time instead of all of them.
 */
class StepInBackwardTest {
    private static final int STEPS = 5;

    private static Sequential model() {
        Hookbook.manualSeed(7);
        return new Sequential(new Linear(6, 12), new ReLU(), new Linear(12, 12), new ReLU(), new Linear(12, 3));
    }

    private static Tensor loss(Module model, int step) {
        Hookbook.manualSeed(100 + step);
        Tensor x = Tensor.randn(5, 6), y = Tensor.randn(5, 3);
        return F.mseLoss(model.call(x), y);
    }

    private static void trainPlain(Module model, Optimizer opt) {
        for (int step = 0; step < STEPS; step++) {
            opt.zeroGrad();
            loss(model, step).backward();
            opt.step();
        }
    }

    private static void trainFused(Module model) {
        for (int step = 0; step < STEPS; step++) loss(model, step).backward();
    }

    private static void assertSameParameters(Module expected, Module actual) {
        List<Parameter> e = expected.parameters(), a = actual.parameters();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) assertArrayEquals(e.get(i).toFloatArray(), a.get(i).toFloatArray(), 1e-6f, "parameter " + i);
    }

    @Test
    void sgdWithMomentumInBackwardEndsWhereThePlainLoopEnds() {
        Sequential plain = model(), fused = model();
        trainPlain(plain, new SGD(plain.parameters(), 0.05f, 0.9f, 0.01f));
        Optimizers.stepInBackward(fused.parameters(), p -> new SGD(List.of(p), 0.05f, 0.9f, 0.01f));
        trainFused(fused);
        assertSameParameters(plain, fused);
        assertTrue(Math.abs(plain.parameters().get(0).toFloatArray()[0] - model().parameters().get(0).toFloatArray()[0]) > 0,
                "training moved the parameters");
        for (Parameter p : fused.parameters()) assertNull(p.grad(), "each gradient was cleared once used");
    }

    @Test
    void adamInBackwardEndsWhereThePlainLoopEnds() {
        Sequential plain = model(), fused = model();
        trainPlain(plain, new Adam(plain.parameters(), 0.01f));
        Optimizers.stepInBackward(fused.parameters(), p -> new Adam(List.of(p), 0.01f));
        trainFused(fused);
        assertSameParameters(plain, fused);
    }

    @Test
    void theRecipeWrittenOutWithPostAccumulateGradHooksIsTheSame() {
        Sequential plain = model(), fused = model();
        trainPlain(plain, new SGD(plain.parameters(), 0.1f));
        for (Parameter p : fused.parameters()) {
            SGD opt = new SGD(List.of(p), 0.1f);
            p.registerPostAccumulateGradHook(t -> { opt.step(); opt.zeroGrad(); });
        }
        trainFused(fused);
        assertSameParameters(plain, fused);
    }

    /** The largest total of gradient bytes alive at any moment of a backward, seen after each accumulation. */
    private static long[] probeGradientBytes(List<Parameter> params) {
        long[] peak = {0};
        for (Parameter p : params) {
            p.registerPostAccumulateGradHook(t -> {
                long alive = 0;
                for (Parameter q : params) if (q.grad() != null) alive += q.grad().numel() * Float.BYTES;
                peak[0] = Math.max(peak[0], alive);
            });
        }
        return peak;
    }

    @Test
    void atMostOneGradientIsAliveAtATime() {
        Sequential plain = model(), fused = model();
        long[] plainPeak = probeGradientBytes(plain.parameters());
        long[] fusedPeak = probeGradientBytes(fused.parameters()); // registered first, so it looks before each step
        Optimizers.stepInBackward(fused.parameters(), p -> new SGD(List.of(p), 0.1f));
        SGD opt = new SGD(plain.parameters(), 0.1f);
        opt.zeroGrad();
        loss(plain, 0).backward();
        opt.step();
        loss(fused, 0).backward();
        long all = 0, largest = 0;
        for (Parameter p : plain.parameters()) {
            all += p.numel() * Float.BYTES;
            largest = Math.max(largest, p.numel() * Float.BYTES);
        }
        assertEquals(all, plainPeak[0], "the plain loop holds every gradient until zeroGrad");
        assertEquals(largest, fusedPeak[0], "fused, only the gradient being used is alive");
    }

    @Test
    void removingTheHandleGoesBackToThePlainLoop() {
        Sequential model = model();
        float[] before = model.parameters().get(0).toFloatArray();
        HookHandle handle = Optimizers.stepInBackward(model.parameters(), p -> new SGD(List.of(p), 0.1f));
        handle.remove();
        loss(model, 0).backward();
        assertArrayEquals(before, model.parameters().get(0).toFloatArray());
        for (Parameter p : model.parameters()) assertNotNull(p.grad(), "no step, no clearing: the gradients stay");
        assertEquals(0, model.hooks().size());
    }

    @Test
    void anOptimizerOfOtherParametersIsRefusedAndNoHookIsLeft() {
        Sequential model = model();
        List<Parameter> params = model.parameters();
        Function<Tensor, Optimizer> wrong = p -> new SGD(p == params.get(2) ? params : List.of(p), 0.1f);
        assertMessage(IllegalArgumentException.class, () -> Optimizers.stepInBackward(params, wrong),
                "stepInBackward", "[12, 12]", "an optimizer of 6 parameters");
        assertMessage(IllegalArgumentException.class,
                () -> Optimizers.stepInBackward(params, p -> new SGD(List.of(params.get(0)), 0.1f)),
                "stepInBackward", "[12]", "another parameter, of shape [12, 6]");
        assertMessage(IllegalArgumentException.class, () -> Optimizers.stepInBackward(List.of(), p -> null),
                "stepInBackward", "an empty list");
        assertEquals(0, model.hooks().size());
    }
}

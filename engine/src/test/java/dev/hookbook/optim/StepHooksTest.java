package dev.hookbook.optim;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookbook.nn.GlobalHooksTestBase;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Linear;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimizer step hooks and {@code zeroGrad(setToNone)}. The expected order follows PyTorch 2.x's
 * torch/optim/optimizer.py, {@code profile_hook_step}: pre-hooks are
 * {@code chain(_global_optimizer_pre_hooks.values(), self._optimizer_step_pre_hooks.values())},
 * then the step, then post-hooks {@code chain(self._optimizer_step_post_hooks.values(),
 * _global_optimizer_post_hooks.values())}; an exception of a hook propagates as it is.
 */
class StepHooksTest extends GlobalHooksTestBase {
    /** A parameter [1, 2] with gradient [1, 1]: one SGD step at lr 1 makes it [0, 1]. */
    private static Tensor paramWithGrad() {
        Tensor p = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        p.setGrad(Tensor.of(new float[]{1, 1}, 2));
        return p;
    }

    @Test
    void globalPreHooksRunFirstAndGlobalPostHooksLastAroundTheUpdate() {
        Tensor p = paramWithGrad();
        SGD opt = new SGD(List.of(p), 1f);
        opt.registerStepPostHook(o -> log.add("post a " + p.toFloatArray()[0]));
        opt.registerStepPreHook(o -> log.add("pre a " + p.toFloatArray()[0]));
        globals.add(Optimizer.registerGlobalStepPostHook(o -> log.add("global post " + p.toFloatArray()[0])));
        globals.add(Optimizer.registerGlobalStepPreHook(o -> log.add("global pre " + p.toFloatArray()[0])));
        opt.registerStepPreHook(o -> log.add("pre b"));
        opt.registerStepPostHook(o -> log.add("post b"));
        opt.step();
        assertEquals(List.of("global pre 1.0", "pre a 1.0", "pre b", "post a 0.0", "post b", "global post 0.0"), log);
    }

    @Test
    void hooksGetTheOptimizerThatSteps() {
        Tensor p = paramWithGrad();
        Adam adam = new Adam(List.of(p), 0.1f);
        AdamW adamW = new AdamW(List.of(paramWithGrad()), 0.1f);
        List<Optimizer> seen = new ArrayList<>();
        globals.add(Optimizer.registerGlobalStepPreHook(seen::add));
        adam.registerStepPostHook(seen::add);
        adam.step();
        adamW.step();
        assertEquals(3, seen.size());
        assertSame(adam, seen.get(0));
        assertSame(adam, seen.get(1));
        assertSame(adamW, seen.get(2));
    }

    @Test
    void aPreHookCanChangeTheLearningRateOfTheStepItPrecedes() {
        Tensor p = paramWithGrad();
        SGD opt = new SGD(List.of(p), 1f);
        opt.registerStepPreHook(o -> o.setLr(0.5f));
        opt.step();
        assertArrayEquals(new float[]{0.5f, 1.5f}, p.toFloatArray());
    }

    @Test
    void aRemovedHookRunsNoMore() {
        Tensor p = paramWithGrad();
        SGD opt = new SGD(List.of(p), 0.1f);
        HookHandle pre = opt.registerStepPreHook(o -> log.add("pre"));
        HookHandle post = opt.registerStepPostHook(o -> log.add("post"));
        HookHandle global = Optimizer.registerGlobalStepPreHook(o -> log.add("global"));
        globals.add(global);
        opt.step();
        pre.remove();
        post.remove();
        global.remove();
        opt.step();
        assertEquals(List.of("global", "pre", "post"), log);
    }

    @Test
    void aHookRemovedByAnotherMidStepRunsThatOnceThenNever() {
        Tensor p = paramWithGrad();
        SGD opt = new SGD(List.of(p), 0.1f);
        HookHandle[] second = new HookHandle[1];
        HookHandle[] self = new HookHandle[1];
        opt.registerStepPreHook(o -> { log.add("first"); second[0].remove(); });
        second[0] = opt.registerStepPreHook(o -> log.add("second"));
        self[0] = opt.registerStepPostHook(o -> { log.add("post removes itself"); self[0].remove(); });
        opt.step();
        opt.step();
        assertEquals(List.of("first", "second", "post removes itself", "first"), log);
    }

    @Test
    void aPreHookThatThrowsStopsTheStepAndLeavesTheParameters() {
        Tensor p = paramWithGrad();
        SGD opt = new SGD(List.of(p), 1f);
        IllegalStateException boom = new IllegalStateException("boom");
        opt.registerStepPreHook(o -> { throw boom; });
        opt.registerStepPreHook(o -> log.add("later pre-hook"));
        opt.registerStepPostHook(o -> log.add("post-hook"));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, opt::step);
        assertSame(boom, thrown, "the hook's own exception, not wrapped");
        assertArrayEquals(new float[]{1, 2}, p.toFloatArray());
        assertEquals(List.of(), log);
    }

    @Test
    void aPostHookThatThrowsComesAfterTheUpdate() {
        Tensor p = paramWithGrad();
        SGD opt = new SGD(List.of(p), 1f);
        opt.registerStepPostHook(o -> { throw new IllegalStateException("boom"); });
        globals.add(Optimizer.registerGlobalStepPostHook(o -> log.add("global post")));
        assertThrows(IllegalStateException.class, opt::step);
        assertArrayEquals(new float[]{0, 1}, p.toFloatArray());
        assertEquals(List.of(), log, "the hooks after the one that threw do not run");
    }

    @Test
    void nullHooksAreRefused() {
        SGD opt = new SGD(List.of(paramWithGrad()), 1f);
        assertMessage(IllegalArgumentException.class, () -> opt.registerStepPreHook(null), "registerStepPreHook", "got null");
        assertMessage(IllegalArgumentException.class, () -> Optimizer.registerGlobalStepPostHook(null),
                "registerGlobalStepPostHook", "got null");
    }

    @Test
    void zeroGradWithoutSetToNoneZeroesTheSameGradientTensorInPlace() {
        Linear lin = new Linear(3, 2);
        SGD opt = new SGD(lin.parameters(), 0.1f);
        lin.call(Tensor.randn(4, 3)).sum().backward();
        Tensor grad = lin.weight.grad();
        opt.zeroGrad(false);
        assertSame(grad, lin.weight.grad());
        assertArrayEquals(new float[6], grad.toFloatArray());
        assertArrayEquals(new float[2], lin.bias.grad().toFloatArray());
        // The next backward adds into zeros: the same gradient as from none.
        Tensor x = Tensor.randn(4, 3);
        lin.call(x).sum().backward();
        float[] accumulated = lin.weight.grad().toFloatArray();
        opt.zeroGrad(true);
        assertNull(lin.weight.grad());
        lin.call(x).sum().backward();
        assertArrayEquals(lin.weight.grad().toFloatArray(), accumulated, 1e-6f);
    }

    @Test
    void aModuleZeroesItsGradientsTheSameWaysAndLeavesACreateGraphHistoryBehind() {
        Linear lin = new Linear(3, 2);
        Tensor x = Tensor.randn(4, 3);
        lin.call(x).pow(2f).sum().backward(Tensor.scalar(1f), false, true);   // the gradient has a history
        assertNotNull(lin.weight.grad().gradFnNode());
        Tensor storageHolder = lin.weight.grad();
        lin.zeroGrad(false);
        assertNull(lin.weight.grad().gradFnNode(), "zeroed outside any graph, as PyTorch's detach_()");
        assertArrayEquals(new float[6], lin.weight.grad().toFloatArray());
        assertArrayEquals(new float[6], storageHolder.detach().toFloatArray(), "the same storage, zeroed in place");
        lin.zeroGrad();
        assertNull(lin.weight.grad());
        assertNull(lin.bias.grad());
    }

    @Test
    void zeroGradSetsToNoneByDefaultAsPyTorch2() {
        Tensor p = paramWithGrad();
        Tensor untouched = Tensor.of(new float[]{3}, 1).requiresGrad(true);
        SGD opt = new SGD(List.of(p, untouched), 1f);
        opt.zeroGrad(false);
        assertNull(untouched.grad(), "a parameter without a gradient keeps none");
        opt.zeroGrad();
        assertNull(p.grad());
    }
}

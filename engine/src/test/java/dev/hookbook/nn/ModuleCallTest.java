package dev.hookbook.nn;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of {@link Module#call}: hook order, replacement, removal, errors. */
class ModuleCallTest {
    private final List<String> log = new ArrayList<>();
    private final List<HookHandle> globals = new ArrayList<>();

    @AfterEach
    void removeGlobalHooks() {
        globals.forEach(HookHandle::remove);
    }

    /** A module that logs its forward and doubles its input. */
    class Doubler extends Module {
        @Override
        protected Tensor forward(Tensor x) {
            log.add("forward");
            return x.mul(2f);
        }
    }

    @Test
    void callRunsGlobalThenModuleHooksAroundForwardInRegistrationOrder() {
        Doubler m = new Doubler();
        m.registerForwardPreHook((mod, in) -> { log.add("pre A"); return null; });
        m.registerForwardPreHook((mod, in) -> { log.add("pre B"); return null; });
        m.registerForwardHook((mod, in, out) -> { log.add("hook A"); return null; });
        m.registerForwardHook((mod, in, out) -> { log.add("hook B"); return null; });
        globals.add(Module.registerGlobalForwardPreHook((mod, in) -> { log.add("global pre"); return null; }));
        globals.add(Module.registerGlobalForwardHook((mod, in, out) -> { log.add("global hook"); return null; }));

        m.call(Tensor.ones(2));

        assertEquals(List.of("global pre", "pre A", "pre B", "forward", "global hook", "hook A", "hook B"), log);
    }

    @Test
    void forwardCalledDirectlySkipsEveryHook() {
        Doubler m = new Doubler();
        m.registerForwardPreHook((mod, in) -> { log.add("pre"); return null; });
        m.registerForwardHook((mod, in, out) -> { log.add("hook"); return null; });
        m.forward(Tensor.ones(2));
        assertEquals(List.of("forward"), log);
    }

    @Test
    void preHookReplacesInputsAndForwardHookReplacesOutput() {
        Doubler m = new Doubler();
        m.registerForwardPreHook((mod, in) -> new Tensor[]{in[0].add(1f)});   // 1 -> 2
        m.registerForwardPreHook((mod, in) -> {
            assertArrayEquals(new float[]{2f, 2f}, in[0].toFloatArray(), "the second pre-hook sees the replacement");
            return null;
        });
        m.registerForwardHook((mod, in, out) -> {
            assertArrayEquals(new float[]{2f, 2f}, in[0].toFloatArray(), "forward hooks see the inputs forward got");
            return out.add(10f);                                              // 4 -> 14
        });
        m.registerForwardHook((mod, in, out) -> out.mul(-1f));                // 14 -> -14
        assertArrayEquals(new float[]{-14f, -14f}, m.call(Tensor.ones(2)).toFloatArray());
    }

    @Test
    void removedHooksStopAtOnceAndRemovingTwiceIsHarmless() {
        Doubler m = new Doubler();
        HookHandle h = m.registerForwardHook((mod, in, out) -> { log.add("hook"); return null; });
        m.call(Tensor.ones(1));
        h.remove();
        h.remove();
        assertTrue(h.isRemoved());
        m.call(Tensor.ones(1));
        assertEquals(List.of("forward", "hook", "forward"), log);
    }

    /**
     * PyTorch 2.x's {@code _call_impl} runs over {@code (*_global_forward_hooks.items(),
     * *self._forward_hooks.items())}, a tuple made before the first hook runs: a hook removed by
     * an earlier one still runs in that call, and not in the next.
     */
    @Test
    void aHookRemovedByAnEarlierHookInTheSameCallRunsOnceMore() {
        Doubler m = new Doubler();
        HookHandle[] second = new HookHandle[1];
        m.registerForwardHook((mod, in, out) -> { log.add("first"); second[0].remove(); return null; });
        second[0] = m.registerForwardHook((mod, in, out) -> { log.add("second"); return null; });
        m.call(Tensor.ones(1));
        m.call(Tensor.ones(1));
        assertEquals(List.of("forward", "first", "second", "forward", "first"), log);
    }

    /** {@code _get_backward_hooks} lists the backward hooks when forward runs, so one removed before backward still runs then. */
    @Test
    void aBackwardHookRemovedBetweenForwardAndBackwardStillRunsForThatCall() {
        Linear m = new Linear(2, 2);
        HookHandle h = m.registerFullBackwardHook((mod, gi, go) -> { log.add("backward hook"); return null; });
        Tensor y = m.call(Tensor.ones(1, 2).requiresGrad(true));
        h.remove();
        y.sum().backward();
        m.call(Tensor.ones(1, 2).requiresGrad(true)).sum().backward();
        assertEquals(List.of("backward hook"), log);
    }

    @Test
    void tryWithResourcesRemovesTheHook() {
        Doubler m = new Doubler();
        try (HookHandle h = m.registerForwardPreHook((mod, in) -> { log.add("pre"); return null; })) {
            m.call(Tensor.ones(1));
        }
        m.call(Tensor.ones(1));
        assertEquals(List.of("pre", "forward", "forward"), log);
    }

    @Test
    void aThrowingHookNamesTheModulePathAndHookKindAndLeavesTheModelUsable() {
        Sequential model = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
        HookHandle bad = model.get(2).registerForwardHook((m, in, out) -> { throw new IllegalStateException("boom"); });
        model.get(2).registerForwardPreHook((m, in) -> { log.add("other hook"); return null; });
        ModuleException e = assertThrows(ModuleException.class, () -> model.call(Tensor.ones(5, 3)));
        assertEquals("2 (Linear 4->2): forward hook #0 threw IllegalStateException: boom", e.getMessage());
        assertEquals("2", e.modulePath());
        assertTrue(e.getCause() instanceof IllegalStateException);

        bad.remove();
        Tensor y = model.call(Tensor.ones(5, 3));
        assertArrayEquals(new int[]{5, 2}, y.shape());
        assertEquals(List.of("other hook", "other hook"), log);
    }

    @Test
    void badInputIsReportedWithTheModulePathAndWhatWasExpected() {
        Sequential classifier = new Sequential(new Linear(128, 64), new ReLU(), new Linear(64, 10));
        Sequential model = new Sequential();
        model.addModule("features", new Sequential(new Linear(16, 128)));
        model.addModule("classifier", classifier);
        ModuleException e = assertThrows(ModuleException.class, () -> classifier.get(2).call(Tensor.ones(32, 63)));
        assertEquals("Linear 64->10: expected input [*, 64], got [32, 63]", e.getMessage());

        // Inside a model, the path says where: the hook-free fast path names it too.
        Module broken = new Module() {
            @Override
            protected Tensor forward(Tensor x) {
                return classifier.get(2).call(x.reshape(32, 63));
            }
        };
        Sequential outer = new Sequential();
        outer.addModule("classifier", new Sequential(new ReLU(), new ReLU(), classifier.get(2)));
        e = assertThrows(ModuleException.class, () -> outer.call(Tensor.ones(32, 63)));
        assertEquals("classifier.2 (Linear 64->10): expected input [*, 64], got [32, 63]", e.getMessage());
        assertEquals("classifier.2", e.modulePath());
        assertNotNull(broken);
    }

    @Test
    void backwardHookSeesGradientsOfInputAndOutputAndMayReplaceTheInputGradient() {
        Hookbook.manualSeed(1);
        Linear lin = new Linear(3, 2);
        Tensor x = Tensor.randn(4, 3).requiresGrad(true);
        Tensor[][] seen = new Tensor[2][];
        lin.registerFullBackwardHook((m, gi, go) -> {
            seen[0] = gi;
            seen[1] = go;
            return new Tensor[]{gi[0].mul(3f)};
        });
        Tensor upstream = Tensor.randn(4, 2);
        lin.call(x).backward(upstream);

        // dL/dx = upstream @ W, dL/dy = upstream; the replacement triples what reaches x.
        float[] expected = upstream.matmul(lin.weight.detach()).toFloatArray();
        assertArrayEquals(expected, seen[0][0].toFloatArray(), 1e-6f);
        assertArrayEquals(upstream.toFloatArray(), seen[1][0].toFloatArray(), 1e-6f);
        float[] tripled = upstream.matmul(lin.weight.detach()).mul(3f).toFloatArray();
        assertArrayEquals(tripled, x.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void backwardPreHookMayReplaceTheOutputGradient() {
        Hookbook.manualSeed(2);
        Linear plain = new Linear(3, 2), hooked = new Linear(3, 2);
        hooked.loadStateDict(plain.stateDict(), true);
        hooked.registerFullBackwardPreHook((m, go) -> new Tensor[]{go[0].mul(2f)});
        Tensor x = Tensor.randn(4, 3);
        plain.call(x).sum().backward();
        hooked.call(x).sum().backward();
        assertArrayEquals(plain.weight.grad().mul(2f).toFloatArray(), hooked.weight.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(plain.bias.grad().mul(2f).toFloatArray(), hooked.bias.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void backwardHookRunsOncePerCallAndPerBackward() {
        Linear lin = new Linear(2, 2);
        int[] calls = {0};
        lin.registerFullBackwardHook((m, gi, go) -> { calls[0]++; return null; });
        Tensor x = Tensor.ones(1, 2).requiresGrad(true);
        Tensor y = lin.call(x).add(lin.call(x));   // two calls of the module
        y.sum().backward();
        assertEquals(2, calls[0]);
        lin.call(x).sum().backward();
        assertEquals(3, calls[0]);
    }

    /** Adds its two inputs. */
    static class Add2 extends Module {
        @Override
        protected Tensor forward(Tensor... xs) {
            return xs[0].add(xs[1]);
        }
    }

    @Test
    void anInputWithoutGradientGetsANullEntry() {
        Add2 m = new Add2();
        Tensor[][] seen = new Tensor[1][];
        m.registerFullBackwardHook((mod, gi, go) -> { seen[0] = gi; return null; });
        Tensor a = Tensor.ones(2).requiresGrad(true), b = Tensor.ones(2);
        m.call(a, b).sum().backward();
        assertEquals(2, seen[0].length);
        assertArrayEquals(new float[]{1f, 1f}, seen[0][0].toFloatArray());
        assertNull(seen[0][1]);
    }

    @Test
    void whenNoInputRequiresGradTheBackwardHookRunsWithNullsAndMayNotReplaceThem() {
        Linear lin = new Linear(2, 2);
        Tensor[][] seen = new Tensor[1][];
        lin.registerFullBackwardHook((m, gi, go) -> { seen[0] = gi; return null; });
        lin.call(Tensor.ones(1, 2)).sum().backward();
        assertArrayEquals(new Tensor[]{null}, seen[0]);
        assertNotNull(lin.weight.grad(), "the parameters still get their gradients");

        Linear other = new Linear(2, 2);
        other.registerFullBackwardHook((m, gi, go) -> new Tensor[]{Tensor.ones(1, 2)});
        ModuleException e = assertThrows(ModuleException.class, () -> other.call(Tensor.ones(1, 2)).sum().backward());
        assertTrue(e.getMessage().contains("must return null"), e.getMessage());
    }

    @Test
    void aReplacementOfTheWrongShapeIsRefusedWithBothShapes() {
        Linear lin = new Linear(3, 2);
        lin.registerFullBackwardHook((m, gi, go) -> new Tensor[]{Tensor.ones(5)});
        Tensor x = Tensor.ones(4, 3).requiresGrad(true);
        ModuleException e = assertThrows(ModuleException.class, () -> lin.call(x).sum().backward());
        assertTrue(e.getMessage().contains("[5]") && e.getMessage().contains("[4, 3]"), e.getMessage());
    }

    @Test
    void noHooksAreWiredUnderNoGrad() {
        Linear lin = new Linear(2, 2);
        lin.registerFullBackwardHook((m, gi, go) -> null);
        try (var g = Autograd.noGrad()) {
            Tensor y = lin.call(Tensor.ones(1, 2));
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
    }

    @Test
    void theSameModelGivesTheSameValuesWithAndWithoutHooks() {
        Hookbook.manualSeed(3);
        Sequential model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
        Tensor x = Tensor.randn(5, 4);
        float[] plain = model.call(x).toFloatArray();
        for (Module m : model.modules()) {
            m.registerForwardHook((mod, in, out) -> null);
            m.registerFullBackwardHook((mod, gi, go) -> null);
        }
        Tensor hooked = model.call(x);
        assertArrayEquals(plain, hooked.toFloatArray());
        assertEquals("BackwardHookFunctionBackward", hooked.gradFn());
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch 2.x's hook options and global backward hooks. The expected behaviour follows
 * torch/nn/modules/module.py: {@code register_forward_hook(..., prepend=True)} moves the hook to
 * the front of the module's own dict ({@code move_to_end(handle.id, last=False)}), global hooks
 * still first; {@code _call_impl}'s {@code except Exception:} block runs the forward hooks
 * registered with {@code always_call=True} that have not been called, warning about (not
 * raising) their own errors, then re-raises; {@code _get_backward_hooks} and
 * {@code _get_backward_pre_hooks} put the global hooks before the module's own.
 */
class HookOptionsTest extends GlobalHooksTestBase {
    private static Linear linear() {
        return new Linear(3, 2);
    }

    private static Tensor input() {
        return Tensor.ones(4, 3).requiresGrad(true);
    }

    @Test
    void prependRunsAHookBeforeThoseAlreadyThereButAfterTheGlobalOnes() {
        Linear m = linear();
        globals.add(Module.registerGlobalForwardPreHook((mod, in) -> { log.add("global pre"); return null; }));
        m.registerForwardPreHook((mod, in) -> { log.add("pre a"); return null; });
        m.registerForwardPreHook((mod, in) -> { log.add("pre b"); return null; }, HookOption.PREPEND);
        m.registerForwardHook((mod, in, out) -> { log.add("fwd a"); return null; });
        m.registerForwardHook((mod, in, out) -> { log.add("fwd b"); return null; }, HookOption.PREPEND);
        m.registerFullBackwardPreHook((mod, g) -> { log.add("bpre a"); return null; });
        m.registerFullBackwardPreHook((mod, g) -> { log.add("bpre b"); return null; }, HookOption.PREPEND);
        m.registerFullBackwardHook((mod, gi, go) -> { log.add("bwd a"); return null; });
        m.registerFullBackwardHook((mod, gi, go) -> { log.add("bwd b"); return null; }, HookOption.PREPEND);
        m.call(input()).sum().backward();
        assertEquals(List.of("global pre", "pre b", "pre a", "fwd b", "fwd a", "bpre b", "bpre a", "bwd b", "bwd a"), log);
    }

    @Test
    void alwaysCallRunsAForwardHookWhenForwardThrowsThenTheErrorGoesOn() {
        Linear m = linear();
        List<Tensor> outputsSeen = new ArrayList<>();
        m.registerForwardHook((mod, in, out) -> { log.add("plain"); return null; });
        m.registerForwardHook((mod, in, out) -> {
            log.add("always");
            outputsSeen.add(out);
            return null;
        }, HookOption.ALWAYS_CALL);
        ModuleException e = assertThrows(ModuleException.class, () -> m.call(Tensor.ones(4, 5)));
        assertTrue(e.getMessage().contains("expected input [*, 3]"), e.getMessage());
        assertEquals(List.of("always"), log, "only the ALWAYS_CALL hook runs");
        assertEquals(1, outputsSeen.size());
        assertNull(outputsSeen.get(0), "forward gave no output");
        log.clear();
        m.call(Tensor.ones(4, 3));
        assertEquals(List.of("plain", "always"), log, "on success each hook runs once, in order");
    }

    @Test
    void anAlwaysCallHookRunsAfterAnEarlierHookThrowsAndItsOwnErrorIsSuppressed() {
        Linear m = linear();
        m.registerForwardHook((mod, in, out) -> { throw new IllegalStateException("first"); });
        m.registerForwardHook((mod, in, out) -> {
            log.add("always 1");
            throw new IllegalArgumentException("second");
        }, HookOption.ALWAYS_CALL);
        m.registerForwardHook((mod, in, out) -> { log.add("always 2"); return null; }, HookOption.ALWAYS_CALL);
        ModuleException e = assertThrows(ModuleException.class, () -> m.call(Tensor.ones(4, 3)));
        assertTrue(e.getMessage().endsWith("forward hook #0 threw IllegalStateException: first"), e.getMessage());
        assertEquals(List.of("always 1", "always 2"), log);
        assertEquals(1, e.getSuppressed().length);
        assertEquals("second", e.getSuppressed()[0].getMessage());
    }

    @Test
    void anAlwaysCallHookThatAlreadyRanIsNotRunAgain() {
        Linear m = linear();
        m.registerForwardHook((mod, in, out) -> { log.add("always"); return null; }, HookOption.ALWAYS_CALL);
        m.registerForwardHook((mod, in, out) -> { throw new IllegalStateException("late"); });
        assertThrows(ModuleException.class, () -> m.call(Tensor.ones(4, 3)));
        assertEquals(List.of("always"), log);
    }

    @Test
    void alwaysCallIsForForwardHooksOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear().registerForwardPreHook((mod, in) -> null, HookOption.ALWAYS_CALL));
        assertEquals("registerForwardPreHook: ALWAYS_CALL applies to forward hooks only, got [ALWAYS_CALL]", e.getMessage());
    }

    @Test
    void globalBackwardHooksRunBeforeTheModulesOwnAndSeeTheSameGradients() {
        Sequential model = new Sequential(linear(), new ReLU());
        List<int[]> shapes = new ArrayList<>();
        globals.add(Module.registerGlobalFullBackwardPreHook((mod, g) -> {
            log.add("global pre " + mod.getClass().getSimpleName());
            return null;
        }));
        globals.add(Module.registerGlobalFullBackwardHook((mod, gi, go) -> {
            log.add("global " + mod.getClass().getSimpleName());
            shapes.add(gi[0].shape());
            return null;
        }));
        model.get(0).registerFullBackwardPreHook((mod, g) -> { log.add("own pre Linear"); return null; });
        model.get(0).registerFullBackwardHook((mod, gi, go) -> { log.add("own Linear"); return null; });
        model.call(input()).sum().backward();
        assertEquals(List.of("global pre Sequential", "global pre ReLU", "global ReLU", "global pre Linear", "own pre Linear",
                "global Linear", "own Linear", "global Sequential"), log);
        assertEquals(List.of(4, 3), List.of(shapes.get(2)[0], shapes.get(2)[1]), "the Linear's input gradient");
        globals.forEach(HookHandle::remove);
        log.clear();
        model.call(input()).sum().backward();
        assertEquals(List.of("own pre Linear", "own Linear"), log, "removed global hooks are gone");
    }

    @Test
    void hooksListsWhatIsAttachedAndRemoveAllHooksRemovesIt() {
        Sequential model = new Sequential(linear(), new ReLU());
        model.registerForwardHook((mod, in, out) -> null);
        model.get(0).registerForwardPreHook((mod, in) -> null);
        model.get(0).registerForwardPreHook((mod, in) -> null);
        model.get(1).registerFullBackwardHook((mod, gi, go) -> null);
        model.get("0").parameters().get(0).registerHook(g -> null);
        globals.add(Module.registerGlobalForwardHook((mod, in, out) -> { log.add("global"); return null; }));
        assertEquals(List.of("(model): forward hook #0", "0: forward pre-hook #0", "0: forward pre-hook #1",
                "0.weight: tensor hook #0", "1: backward hook #0"), model.hooks().stream().map(Object::toString).toList());
        model.removeAllHooks();
        assertEquals(List.of(), model.hooks());
        model.call(input());
        assertEquals(3, log.size(), "global hooks belong to no module and stay");
    }
}

package dev.hookbook.nn;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Observers, the hooks that only look: lambdas with no result. That this file compiles is half
 * the test: a lambda whose body is a tensor expression goes to a hook and replaces, one whose
 * body is any statement ({@code list.add(out)}, {@code println}, even {@code out.mul(2)}) goes to
 * an observer and only looks, and neither call is ambiguous. The other half checks they mean it.
 * In PyTorch both are the same registration, a hook returning None only looking
 * (torch/nn/modules/module.py, {@code _call_impl}: {@code if hook_result is not None: result = hook_result}).
 */
class ObserverHooksTest extends GlobalHooksTestBase {
    private static Linear linear() {
        Hookbook.manualSeed(3);
        return new Linear(3, 2);
    }

    private static Tensor input() {
        Hookbook.manualSeed(4);
        return Tensor.randn(4, 3).requiresGrad(true);
    }

    @Test
    void aForwardHookReturningATensorReplacesTheOutputAndAnObserverOnlyLooks() {
        Linear m = linear();
        Tensor plain = m.call(input());
        List<Tensor> seen = new ArrayList<>();
        m.registerForwardHook((mod, in, out) -> out.mul(2f));      // replaces the output
        m.registerForwardObserver((mod, in, out) -> seen.add(out)); // only looks (add's boolean is dropped)
        m.registerForwardObserver((mod, in, out) -> out.mul(100f)); // a statement here: computed, then dropped
        Tensor out = m.call(input());
        assertArrayEquals(plain.mul(2f).toFloatArray(), out.toFloatArray(), 1e-6f);
        assertEquals(1, seen.size());
        assertSame(out, seen.get(0), "the observer saw the output the hook before it made");
    }

    @Test
    void aForwardPreHookReplacesTheInputsAndAPreObserverOnlyLooks() {
        Linear m = linear();
        List<int[]> shapes = new ArrayList<>();
        m.registerForwardPreObserver((mod, in) -> shapes.add(in[0].shape()));
        Tensor observed = m.call(input());
        assertArrayEquals(linear().call(input()).toFloatArray(), observed.toFloatArray());
        m.registerForwardPreHook((mod, in) -> new Tensor[]{in[0].mul(0f)});
        Tensor zeroed = m.call(input());
        assertArrayEquals(m.bias.expand(4, 2).toFloatArray(), zeroed.toFloatArray(), 1e-6f);
        assertEquals(2, shapes.size());
        assertArrayEquals(new int[]{4, 3}, shapes.get(0));
    }

    @Test
    void backwardObserversSeeTheGradientsAndLeaveThem() {
        Linear plain = linear();
        Tensor x0 = input();
        plain.call(x0).sum().backward();

        Linear m = linear();
        List<String> seen = new ArrayList<>();
        m.registerFullBackwardPreObserver((mod, gradOutput) -> seen.add("pre " + Arrays.toString(gradOutput[0].shape())));
        m.registerFullBackwardObserver((mod, gradInput, gradOutput) -> seen.add("bwd " + Arrays.toString(gradInput[0].shape())));
        m.registerFullBackwardObserver((mod, gradInput, gradOutput) -> gradInput[0].mul(0f)); // computed, dropped
        Tensor x = input();
        m.call(x).sum().backward();
        assertEquals(List.of("pre [4, 2]", "bwd [4, 3]"), seen);
        assertArrayEquals(x0.grad().toFloatArray(), x.grad().toFloatArray(), 1e-6f);
        assertArrayEquals(plain.weight.grad().toFloatArray(), m.weight.grad().toFloatArray(), 1e-6f);

        m.registerFullBackwardHook((mod, gradInput, gradOutput) -> new Tensor[]{gradInput[0].mul(0f)}); // replaces
        Tensor x2 = input();
        m.call(x2).sum().backward();
        assertArrayEquals(new float[12], x2.grad().toFloatArray(), 0f);
    }

    @Test
    void observersKeepTheOrderAndOptionsOfHooks() {
        Linear m = linear();
        globals.add(Module.registerGlobalForwardPreObserver((mod, in) -> log.add("global pre")));
        globals.add(Module.registerGlobalForwardObserver((mod, in, out) -> log.add("global fwd")));
        globals.add(Module.registerGlobalFullBackwardPreObserver((mod, g) -> log.add("global bpre")));
        globals.add(Module.registerGlobalFullBackwardObserver((mod, gi, go) -> log.add("global bwd")));
        m.registerForwardPreObserver((mod, in) -> log.add("pre a"));
        m.registerForwardPreHook((mod, in) -> { log.add("pre b"); return null; }, HookOption.PREPEND);
        m.registerForwardObserver((mod, in, out) -> log.add("fwd a"));
        m.registerForwardObserver((mod, in, out) -> log.add("fwd b"), HookOption.PREPEND);
        m.registerFullBackwardPreObserver((mod, g) -> log.add("bpre a"));
        m.registerFullBackwardPreObserver((mod, g) -> log.add("bpre b"), HookOption.PREPEND);
        m.registerFullBackwardObserver((mod, gi, go) -> log.add("bwd a"));
        m.registerFullBackwardObserver((mod, gi, go) -> log.add("bwd b"), HookOption.PREPEND);
        m.call(input()).sum().backward();
        assertEquals(List.of("global pre", "pre b", "pre a", "global fwd", "fwd b", "fwd a",
                "global bpre", "bpre b", "bpre a", "global bwd", "bwd b", "bwd a"), log);
        assertEquals(8, m.hooks().size(), "observers are listed as the hooks they are");
    }

    @Test
    void anAlwaysCalledObserverSeesAFailedForwardWithANullOutput() {
        Linear m = linear();
        List<Tensor> outputs = new ArrayList<>();
        m.registerForwardPreHook((mod, in) -> { throw new IllegalStateException("boom"); });
        m.registerForwardObserver((mod, in, out) -> outputs.add(out), HookOption.ALWAYS_CALL);
        m.registerForwardObserver((mod, in, out) -> log.add("not always called"));
        assertThrows(ModuleException.class, () -> m.call(input()));
        assertEquals(Arrays.asList((Tensor) null), outputs);
        assertEquals(List.of(), log);
    }

    @Test
    void anObserverCanBeRemovedAndAThrowingOneNamesTheModule() {
        Linear m = linear();
        HookHandle h = m.registerForwardObserver((mod, in, out) -> log.add("seen"));
        m.call(input());
        h.remove();
        m.call(input());
        assertEquals(List.of("seen"), log);
        m.registerForwardObserver((mod, in, out) -> { throw new IllegalStateException("boom"); });
        ModuleException e = assertThrows(ModuleException.class, () -> m.call(input()));
        assertEquals(true, e.getMessage().contains("forward hook #0 threw IllegalStateException: boom"), e.getMessage());
    }

    @Test
    void optionsAndNullsAreCheckedAsForHooks() {
        Linear m = linear();
        assertMessage(IllegalArgumentException.class,
                () -> m.registerForwardPreObserver((mod, in) -> {}, HookOption.ALWAYS_CALL),
                "registerForwardPreObserver", "ALWAYS_CALL applies to forward hooks only");
        assertMessage(IllegalArgumentException.class,
                () -> m.registerFullBackwardObserver((mod, gi, go) -> {}, HookOption.ALWAYS_CALL),
                "registerFullBackwardObserver", "ALWAYS_CALL");
        assertMessage(IllegalArgumentException.class, () -> m.registerForwardObserver(null), "registerForwardObserver", "got null");
        assertMessage(IllegalArgumentException.class, () -> Module.registerGlobalFullBackwardPreObserver(null),
                "registerGlobalFullBackwardPreObserver", "got null");
        assertMessage(IllegalArgumentException.class, () -> input().registerGradObserver(null), "registerGradObserver", "got null");
        assertEquals(0, m.hooks().size(), "nothing refused was registered");
    }

    @Test
    void aTensorHookReturningATensorReplacesTheGradientAndAGradObserverOnlyLooks() {
        Tensor x = input();
        List<Tensor> seen = new ArrayList<>();
        x.registerGradObserver(g -> seen.add(g));
        x.registerGradObserver(g -> g.mul(100f));   // a statement: computed, dropped
        x.mul(3f).sum().backward();
        assertArrayEquals(Tensor.full(3f, 4, 3).toFloatArray(), x.grad().toFloatArray());
        assertEquals(1, seen.size());

        Tensor y = input();
        y.registerHook(g -> g.mul(2f));             // replaces
        y.registerGradObserver(seen::add);
        y.mul(3f).sum().backward();
        assertArrayEquals(Tensor.full(6f, 4, 3).toFloatArray(), y.grad().toFloatArray());
        assertArrayEquals(Tensor.full(6f, 4, 3).toFloatArray(), seen.get(1).toFloatArray(), "observers see the replaced gradient");
    }
}

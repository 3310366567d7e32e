package dev.hookbook.autograd;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.nn.HookHandle;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tensor.registerHook: hooks see the gradient as it passes and may replace it. */
class TensorHooksTest {

    private static Tensor leaf(float... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    @Test
    void countTellsHowManyHooksAreOnAGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2f);
        assertEquals(0, GradHooks.count(x));
        assertEquals(0, GradHooks.count(Tensor.ones(2)), "a tensor that needs no gradient has none");
        HookHandle a = x.registerHook(g -> null);
        x.registerHook(g -> null);
        y.registerHook(g -> null);
        assertEquals(2, GradHooks.count(x));
        assertEquals(1, GradHooks.count(y));
        a.remove();
        assertEquals(1, GradHooks.count(x));
    }

    @Test
    void aLeafsHooksStayWithItAcrossGraphs() {
        Tensor x = leaf(1, 2);
        List<String> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add("hook");
            return null;
        });
        x.mul(2f).sum().backward();
        x.add(1f).sum().backward();
        assertEquals(List.of("hook", "hook"), seen);
        assertSame(x.mul(2f).gradFnNode().nextFunctions().get(0), x.mul(3f).gradFnNode().nextFunctions().get(0),
                "every graph reaches the leaf through its one accumulator");
    }

    @Test
    void hookOnLeafSeesTheGradientBeforeAccumulation() {
        Tensor x = leaf(1, 2);
        List<float[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toFloatArray());
            return null;
        });
        x.mul(x).sum().backward();
        x.mul(3f).sum().backward();
        assertEquals(2, seen.size());
        assertTensor(values(2, 4), shape(2), Tensor.of(seen.get(0), 2));
        // the hook sees each call's own gradient, not the accumulated one
        assertTensor(values(3, 3), shape(2), Tensor.of(seen.get(1), 2));
        assertTensor(values(5, 7), shape(2), x.grad());
    }

    @Test
    void hookOnLeafCanReplaceTheGradient() {
        Tensor x = leaf(1, 2);
        x.registerHook(g -> g.mul(10f));
        x.mul(x).sum().backward();
        assertTensor(values(20, 40), shape(2), x.grad());
    }

    @Test
    void hookOnNonLeafSeesItsGradientAndReplacementFlowsUpstream() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        List<float[]> seen = new ArrayList<>();
        y.registerHook(g -> {
            seen.add(g.toFloatArray());
            return g.mul(0.5f);
        });
        // d/dy sum(3y) = 3; replaced by 1.5; dx = 1.5 * 2x
        y.mul(3f).sum().backward();
        assertEquals(1, seen.size());
        assertTensor(values(3, 3), shape(2), Tensor.of(seen.get(0), 2));
        assertTensor(values(3, 6), shape(2), x.grad());
    }

    @Test
    void hookOnNonLeafSeesTheSumOfAllPaths() {
        Tensor x = leaf(1);
        Tensor y = x.mul(2f);
        float[] seen = new float[1];
        y.registerHook(g -> {
            seen[0] = g.item();
            return null;
        });
        y.add(y.mul(4f)).add(y.exp()).sum().backward();
        assertEquals(1 + 4 + (float) Math.exp(2), seen[0], 1e-5);
    }

    @Test
    void retainedGradIncludesTheHooksReplacement() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2f).retainGrad();
        y.registerHook(g -> g.mul(-1f));
        y.sum().backward();
        assertTensor(values(-1, -1), shape(2), y.grad());
        assertTensor(values(-2, -2), shape(2), x.grad());
    }

    @Test
    void hooksRunInRegistrationOrderAndChainTheirResults() {
        Tensor x = leaf(1);
        Tensor y = x.mul(1f);
        List<String> order = new ArrayList<>();
        y.registerHook(g -> {
            order.add("a:" + g.item());
            return g.add(1f);
        });
        y.registerHook(g -> {
            order.add("b:" + g.item());
            return null;
        });
        y.registerHook(g -> {
            order.add("c:" + g.item());
            return g.mul(3f);
        });
        y.sum().backward();
        assertEquals(List.of("a:1.0", "b:2.0", "c:2.0"), order);
        assertEquals(6f, x.grad().item());
    }

    @Test
    void leafHooksRunInRegistrationOrder() {
        Tensor x = leaf(1);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            x.registerHook(g -> {
                order.add(id);
                return null;
            });
        }
        x.mul(2f).sum().backward();
        assertEquals(List.of(0, 1, 2, 3, 4), order);
    }

    @Test
    void removedHookNoLongerRuns() {
        Tensor x = leaf(1);
        int[] calls = {0};
        HookHandle h = x.registerHook(g -> {
            calls[0]++;
            return g.mul(2f);
        });
        x.mul(1f).sum().backward();
        assertEquals(1, calls[0]);
        assertEquals(2f, x.grad().item());
        h.remove();
        assertTrue(h.isRemoved());
        h.remove(); // twice is a no-op
        x.mul(1f).sum().backward();
        assertEquals(1, calls[0]);
        assertEquals(3f, x.grad().item());
    }

    @Test
    void handleWorksWithTryWithResources() {
        Tensor x = leaf(1);
        Tensor y = x.mul(1f);
        int[] calls = {0};
        try (HookHandle h = y.registerHook(g -> {
            calls[0]++;
            return null;
        })) {
            assertFalse(h.isRemoved());
        }
        y.sum().backward();
        assertEquals(0, calls[0]);
    }

    @Test
    void hookCanRemoveItselfFromInside() {
        Tensor x = leaf(1);
        int[] calls = {0};
        HookHandle[] self = new HookHandle[1];
        self[0] = x.registerHook(g -> {
            calls[0]++;
            self[0].remove();
            return g.mul(5f);
        });
        x.mul(1f).sum().backward();
        x.mul(1f).sum().backward();
        assertEquals(1, calls[0]);
        // first backward replaced by 5, second untouched 1
        assertEquals(6f, x.grad().item());
    }

    /**
     * As PyTorch: torch/csrc/autograd/python_hook.cpp's _call_hooks iterates PyDict_Values(dict),
     * a copy taken when the hooks begin, so a hook removed by an earlier one still runs in this
     * backward, and never again (checked with PyTorch 1.13; hooks2.json, removal.tensorHooks).
     */
    @Test
    void hookRemovedByAnEarlierOneStillRunsThisTimeAndNeverAgain() {
        Tensor x = leaf(1);
        Tensor y = x.mul(1f);
        List<String> order = new ArrayList<>();
        HookHandle[] second = new HookHandle[1];
        y.registerHook(g -> {
            order.add("first");
            second[0].remove();
            return null;
        });
        second[0] = y.registerHook(g -> {
            order.add("second");
            return g.mul(100f);
        });
        y.registerHook(g -> {
            order.add("third");
            return null;
        });
        y.sum().backward(Tensor.scalar(1f), true);
        assertEquals(List.of("first", "second", "third"), order);
        assertEquals(100f, x.grad().item());
        order.clear();
        y.sum().backward();
        assertEquals(List.of("first", "third"), order);
        assertEquals(101f, x.grad().item());
    }

    @Test
    void hookAddedDuringBackwardRunsNextTime() {
        Tensor x = leaf(1);
        List<String> order = new ArrayList<>();
        x.registerHook(g -> {
            order.add("outer");
            if (order.size() == 1) {
                x.registerHook(h -> {
                    order.add("inner");
                    return null;
                });
            }
            return null;
        });
        x.mul(1f).sum().backward();
        assertEquals(List.of("outer"), order);
        x.mul(1f).sum().backward();
        assertEquals(List.of("outer", "outer", "inner"), order);
    }

    @Test
    void hookReturningAWrongShapeFailsClearly() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(1f);
        y.registerHook(g -> Tensor.ones(3));
        assertMessage(IllegalStateException.class, () -> y.sum().backward(), "hook", "[3]", "[2]");
    }

    @Test
    void hookOnATensorWithoutGradIsRefused() {
        assertThrows(IllegalStateException.class, () -> Tensor.ones(1).registerHook(g -> null));
    }

    @Test
    void hookOnAnIntermediateThatGetsNoGradientDoesNotRun() {
        Tensor x = leaf(1);
        Tensor unused = x.mul(2f);
        int[] calls = {0};
        unused.registerHook(g -> {
            calls[0]++;
            return null;
        });
        x.mul(3f).sum().backward();
        assertEquals(0, calls[0]);
        assertEquals(3f, x.grad().item());
    }
}

package dev.hookbook.autograd;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.hookbook.golden.Golden;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hooks on graph nodes ({@code gradFnNode().registerPrehook / registerHook}), checked against
 * PyTorch 1.13 ({@code hooks2.json}, nodeHooks and removal). The order follows PyTorch 2.x's
 * engine (torch/csrc/autograd/engine.cpp, {@code call_function}): {@code call_tensor_pre_hooks}
 * (the tensor hooks, then the retains_grad hooks), {@code call_pre_hooks} (node pre-hooks), the
 * node, then {@code call_post_hooks} (node hooks, with the node's inputs as gradOutputs). Python
 * hooks are registered through {@code registerFunctionHook}/{@code registerFunctionPreHook}
 * (torch/csrc/autograd/python_cpp_function.cpp): one dict per node, run in insertion order.
 */
class NodeHooksTest {
    private static final JsonObject FIXTURE = Golden.load("hooks2.json").getAsJsonObject();
    private static final JsonObject SAVED = FIXTURE.getAsJsonObject("savedTensorsHooks");
    private static final Gson GSON = new Gson();

    /** x [2, 3] and w [3] of the fixture, both leaves that require grad. */
    static Tensor[] leaves() {
        float[][] x = GSON.fromJson(SAVED.get("x"), float[][].class);
        float[] w = GSON.fromJson(SAVED.get("w"), float[].class);
        float[] flat = new float[6];
        for (int i = 0; i < 2; i++) System.arraycopy(x[i], 0, flat, 3 * i, 3);
        return new Tensor[]{Tensor.of(flat, 2, 3).requiresGrad(true), Tensor.of(w, 3).requiresGrad(true)};
    }

    private static List<List<Integer>> shapes(Tensor[] ts) {
        List<List<Integer>> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t == null ? null : Arrays.stream(t.shape()).boxed().toList());
        return out;
    }

    private static Map<String, Object> call(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void tensorHooksRetainGradNodePreHooksTheNodeAndNodeHooksRunInPyTorchsOrder() {
        Tensor[] xw = leaves();
        Tensor x = xw[0];
        Tensor y = x.mul(xw[1]).exp();
        List<Object> calls = new ArrayList<>();
        y.registerHook(g -> { calls.add(call("kind", "tensorHook", "retainedGradSet", y.grad() != null)); return null; });
        y.retainGrad();
        Node node = y.gradFnNode();
        node.registerPrehook(go -> { calls.add(call("kind", "nodePrehook", "retainedGradSet", y.grad() != null, "gradOutputs", shapes(go))); return null; });
        node.registerHook((gi, go) -> { calls.add(call("kind", "nodeHook", "gradInputs", shapes(gi), "gradOutputs", shapes(go))); return null; });
        Node mul = node.nextFunctions().get(0);
        Node accX = mul.nextFunctions().get(0);
        mul.registerPrehook(go -> { calls.add(call("kind", "mulPrehook")); return null; });
        mul.registerHook((gi, go) -> { calls.add(call("kind", "mulHook", "gradInputs", shapes(gi))); return null; });
        accX.registerPrehook(go -> { calls.add(call("kind", "accumulatePrehook", "gradSet", x.grad() != null)); return null; });
        accX.registerHook((gi, go) -> { calls.add(call("kind", "accumulateHook", "gradSet", x.grad() != null,
                "gradInputs", shapes(gi), "gradOutputs", shapes(go))); return null; });

        y.sum().backward();

        JsonObject expected = FIXTURE.getAsJsonObject("nodeHooks").getAsJsonObject("order");
        assertEquals(GSON.fromJson(expected.get("calls"), List.class), GSON.fromJson(GSON.toJson(calls), List.class));
        // PyTorch's names carry a version digit and a C++ namespace: ExpBackward0, torch::autograd::AccumulateGrad.
        List<String> names = new ArrayList<>();
        for (Object n : GSON.fromJson(expected.get("names"), List.class)) names.add(((String) n).replaceAll("^torch::autograd::|0$", ""));
        assertEquals(names, List.of(node.name(), mul.name(), accX.name()));
    }

    /** engine.cpp's call_tensor_pre_hooks runs every tensor hook before the retains_grad hooks, whatever the order of registration. */
    @Test
    void retainGradStoresTheGradientAfterEveryTensorHookAndLeafHooksComeBeforeNodePreHooks() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(3f);
        List<String> log = new ArrayList<>();
        y.retainGrad();
        y.registerHook(g -> { log.add("tensor hook, grad retained: " + (y.grad() != null)); return g.mul(2f); });
        y.gradFnNode().registerPrehook(go -> { log.add("node pre-hook, retained " + y.grad().toFloatArray()[0]); return null; });
        Node acc = y.gradFnNode().nextFunctions().get(0);
        x.registerHook(g -> { log.add("leaf tensor hook"); return null; });
        acc.registerPrehook(go -> { log.add("accumulator pre-hook"); return null; });
        x.registerPostAccumulateGradHook(t -> log.add("post-accumulate-grad hook, grad " + t.grad().toFloatArray()[0]));
        acc.registerHook((gi, go) -> { log.add("accumulator hook"); return null; });
        y.sum().backward();
        assertEquals(List.of("tensor hook, grad retained: false", "node pre-hook, retained 2.0", "leaf tensor hook",
                "accumulator pre-hook", "post-accumulate-grad hook, grad 6.0", "accumulator hook"), log);
    }

    @Test
    void preHooksReplaceTheGradientsOfTheOutputsAndHooksThoseOfTheInputs() {
        Tensor[] xw = leaves();
        Tensor y = xw[0].mul(xw[1]).exp();
        y.gradFnNode().registerPrehook(go -> new Tensor[]{go[0].mul(2f)});
        y.gradFnNode().registerHook((gi, go) -> new Tensor[]{gi[0].mul(3f)});
        y.sum().backward();
        JsonObject expected = FIXTURE.getAsJsonObject("nodeHooks").getAsJsonObject("replacing");
        Golden.assertClose("x.grad", expected.getAsJsonObject("xGrad"), xw[0].grad(), 1e-5);
        Golden.assertClose("w.grad", expected.getAsJsonObject("wGrad"), xw[1].grad(), 1e-5);
    }

    @Test
    void replacementsOfTheWrongCountOrShapeAreRefusedInOneLine() {
        Tensor[] xw = leaves();
        Tensor y = xw[0].mul(xw[1]);
        y.gradFnNode().registerHook((gi, go) -> new Tensor[]{gi[0]});
        IllegalStateException count = assertThrows(IllegalStateException.class, () -> y.sum().backward(Tensor.scalar(1f), true));
        assertEquals("MulBackward hook: returned 1 gradients, expected 2", count.getMessage());

        Tensor z = xw[0].mul(xw[1]);
        z.gradFnNode().registerHook((gi, go) -> new Tensor[]{gi[0], Tensor.ones(2, 3)});
        IllegalStateException shape = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertEquals("MulBackward hook: returned a gradient of shape [2, 3] at 1, expected [3]", shape.getMessage());

        Tensor u = xw[0].exp();
        u.gradFnNode().registerPrehook(go -> new Tensor[]{Tensor.ones(3)});
        IllegalStateException pre = assertThrows(IllegalStateException.class, () -> u.sum().backward());
        assertEquals("ExpBackward prehook: returned a gradient of shape [3] at 0, expected [2, 3]", pre.getMessage());
    }

    /** As PyTorch (python_hook.cpp's _call_hooks iterates a copy of the hook dict): removed hooks run this once more. */
    @Test
    void hooksRemovedWhileTheHooksRunRunThisTimeAndNeverAgain() {
        JsonObject removal = FIXTURE.getAsJsonObject("removal");
        for (String kind : List.of("nodePrehooks", "nodeHooks")) {
            Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
            Tensor y = x.exp();
            Tensor z = y.mul(3f);
            List<String> log = new ArrayList<>();
            Map<String, HookHandle> handles = new LinkedHashMap<>();
            for (String name : List.of("a", "b", "c", "d")) {
                Runnable body = () -> {
                    log.add(name);
                    if (name.equals("a")) handles.get("b").remove();
                    if (name.equals("c")) handles.get("c").remove();
                };
                handles.put(name, kind.equals("nodePrehooks")
                        ? y.gradFnNode().registerPrehook(go -> { body.run(); return null; })
                        : y.gradFnNode().registerHook((gi, go) -> { body.run(); return null; }));
            }
            List<List<String>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                z.sum().backward(Tensor.scalar(1f), true);
                runs.add(new ArrayList<>(log));
                log.clear();
            }
            assertEquals(GSON.fromJson(removal.getAsJsonObject(kind).get("runs"), List.class), runs, kind);
        }
    }

    @Test
    void aHookAddedWhileTheHooksRunRunsFromTheNextBackward() {
        Tensor x = Tensor.of(new float[]{1}, 1).requiresGrad(true);
        Tensor y = x.exp();
        List<String> log = new ArrayList<>();
        y.gradFnNode().registerHook((gi, go) -> {
            log.add("first");
            if (log.size() == 1) y.gradFnNode().registerHook((gi2, go2) -> { log.add("added"); return null; });
            return null;
        });
        y.sum().backward(Tensor.scalar(1f), true);
        y.sum().backward();
        assertEquals(List.of("first", "first", "added"), log);
    }

    @Test
    void savedShapesListWhatTheNodeKeepsInSaveOrder() {
        Tensor[] xw = leaves();
        Tensor prod = xw[0].mul(xw[1]);
        assertEquals(List.of("[2, 3]", "[3]"), prod.gradFnNode().savedShapes().stream().map(Arrays::toString).toList());
        Tensor y = prod.exp();
        assertEquals(List.of("[2, 3]"), y.gradFnNode().savedShapes().stream().map(Arrays::toString).toList());
        Tensor s = y.sum();
        assertEquals(List.of(), s.gradFnNode().savedShapes(), "a sum keeps only a shape");
        Node acc = prod.gradFnNode().nextFunctions().get(0);
        assertEquals(List.of(), acc.savedShapes(), "an accumulator keeps nothing");
        // Only the gradient that is needed keeps its operand: w needs none here, so x is not kept.
        Tensor onlyX = xw[0].mul(Tensor.of(new float[]{1, 2, 3}, 3));
        assertEquals(List.of("[3]"), onlyX.gradFnNode().savedShapes().stream().map(Arrays::toString).toList());
        s.backward();
        assertEquals(List.of("[2, 3]"), y.gradFnNode().savedShapes().stream().map(Arrays::toString).toList(),
                "the shapes stay known after the values were freed");
    }

    @Test
    void aFunctionsNodeListsWhatItsContextSaved() {
        Function square = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0], null);
                return in[0].mul(in[0]);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                assertNull(ctx.saved()[1]);
                return new Tensor[]{g[0].mul(ctx.saved()[0]).mul(2f)};
            }
        };
        Tensor x = Tensor.of(new float[]{1, 2, 3}, 3).requiresGrad(true);
        Tensor y = square.apply(x);
        assertEquals(List.of("[3]"), y.gradFnNode().savedShapes().stream().map(Arrays::toString).toList());
        Node fn = y.gradFnNode();
        List<String> log = new ArrayList<>();
        fn.registerPrehook(go -> { log.add("pre " + go[0].toFloatArray()[0]); return null; });
        fn.registerHook((gi, go) -> { log.add("post " + gi[0].toFloatArray()[0]); return null; });
        y.sum().backward();
        assertEquals(List.of("pre 1.0", "post 2.0"), log);
        assertArrayEquals(new float[]{2, 4, 6}, x.grad().toFloatArray());
    }

    @Test
    void postAccumulateGradHooksSeeTheUpdatedGradAndRefuseNonLeaves() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        List<String> log = new ArrayList<>();
        HookHandle h = x.registerPostAccumulateGradHook(t -> {
            assertTrue(t == x, "the hook gets the tensor itself");
            log.add(Arrays.toString(t.grad().toFloatArray()));
        });
        x.mul(2f).sum().backward();
        x.mul(3f).sum().backward();
        assertEquals(List.of("[2.0, 2.0]", "[5.0, 5.0]"), log, "after each accumulation");
        h.remove();
        x.mul(3f).sum().backward();
        assertEquals(2, log.size());

        Tensor y = x.mul(2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.registerPostAccumulateGradHook(t -> {}));
        assertEquals("registerPostAccumulateGradHook(): post accumulate grad hooks cannot be registered on non-leaf tensors "
                + "(this one was made by MulBackward)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.ones(2).registerPostAccumulateGradHook(t -> {}));
    }

    /** PyTorch's AccumulateGrad runs them through the same copy-of-the-dict loop as the other hooks. */
    @Test
    void postAccumulateGradHooksRemovedWhileRunningRunThisOnce() {
        Tensor x = Tensor.of(new float[]{1}, 1).requiresGrad(true);
        List<String> log = new ArrayList<>();
        HookHandle[] h = new HookHandle[2];
        h[0] = x.registerPostAccumulateGradHook(t -> { log.add("a"); h[1].remove(); h[0].remove(); });
        h[1] = x.registerPostAccumulateGradHook(t -> log.add("b"));
        x.mul(1f).sum().backward();
        x.mul(1f).sum().backward();
        assertEquals(List.of("a", "b"), log);
    }
}

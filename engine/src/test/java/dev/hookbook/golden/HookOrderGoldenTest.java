package dev.hookbook.golden;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Module hooks fire in the same order, with the same arguments, as in PyTorch 1.13
 * ({@code hooks.json}): global and module forward pre-hooks and hooks, then the full backward
 * hooks during backward, including PyTorch's rules for inputs that do not require grad.
 */
class HookOrderGoldenTest {
    private static final JsonObject FIXTURE = Golden.load("hooks.json").getAsJsonObject();
    private static final double TOL = 1e-5;

    private static Sequential mlp() {
        Sequential model = new Sequential(new Flatten(), new Linear(64, 32), new ReLU(), new Linear(32, 10));
        model.loadStateDict(Golden.named(FIXTURE.getAsJsonArray("stateDict")), true);
        return model;
    }

    @Test
    void hookCallLogsMatchPyTorch() {
        for (JsonElement run : FIXTURE.getAsJsonArray("callLogs")) {
            JsonObject expected = run.getAsJsonObject();
            boolean inputRequiresGrad = expected.get("inputRequiresGrad").getAsBoolean();
            Sequential model = mlp();
            Map<Module, String> paths = pathsOf(model);
            List<String> log = new ArrayList<>();
            List<Tensor[]> module3Grads = new ArrayList<>();
            List<HookHandle> handles = new ArrayList<>();
            try {
                handles.add(Module.registerGlobalForwardPreHook((m, in) -> {
                    log.add("globalForwardPre " + paths.get(m) + " in=" + shapes(in));
                    return null;
                }));
                handles.add(Module.registerGlobalForwardHook((m, in, out) -> {
                    log.add("globalForward " + paths.get(m) + " in=" + shapes(in) + " out=" + shapes(out));
                    return null;
                }));
                model.namedModules().forEach((path, m) -> {
                    handles.add(m.registerForwardPreHook((mm, in) -> {
                        log.add("forwardPre " + path + " in=" + shapes(in));
                        return null;
                    }));
                    handles.add(m.registerForwardHook((mm, in, out) -> {
                        log.add("forward " + path + " in=" + shapes(in) + " out=" + shapes(out));
                        return null;
                    }));
                    handles.add(m.registerFullBackwardHook((mm, gi, go) -> {
                        log.add("backward " + path + " gradIn=" + shapes(gi) + " gradOut=" + shapes(go));
                        if (path.equals("3")) {
                            module3Grads.add(gi);
                            module3Grads.add(go);
                        }
                        return null;
                    }));
                });
                Tensor x = Golden.tensor(FIXTURE.getAsJsonObject("input")).requiresGrad(inputRequiresGrad);
                Tensor out = model.call(x);
                log.add("lossComputed");
                Tensor loss = F.crossEntropy(out, Golden.tensor(FIXTURE.getAsJsonObject("targets")));
                loss.backward();

                assertEquals(expectedLog(expected.getAsJsonArray("calls")), log, "hook calls, inputRequiresGrad=" + inputRequiresGrad);
                Golden.assertClose("output", expected.getAsJsonObject("output"), out, TOL);
                Golden.assertClose("loss", expected.getAsJsonObject("loss"), loss, TOL);
                assertGrads(model, Golden.named(expected.getAsJsonArray("grads")));
                JsonObject m3 = module3Call(expected.getAsJsonArray("calls"));
                Golden.assertClose("module 3 gradInput", m3.getAsJsonArray("gradInput").get(0).getAsJsonObject(), module3Grads.get(0)[0], TOL);
                Golden.assertClose("module 3 gradOutput", m3.getAsJsonArray("gradOutput").get(0).getAsJsonObject(), module3Grads.get(1)[0], TOL);
                if (inputRequiresGrad) Golden.assertClose("input grad", expected.getAsJsonObject("inputGrad"), x.grad(), TOL);
            } finally {
                handles.forEach(HookHandle::remove);
            }
        }
    }

    @Test
    void hooksThatReplaceValuesMatchPyTorch() {
        JsonObject expected = FIXTURE.getAsJsonObject("replacing");
        Sequential model = mlp();
        Map<String, List<Tensor[]>> backwardArgs = Map.of("3", new ArrayList<>(), "1", new ArrayList<>());
        model.get("1").registerForwardPreHook((m, in) -> new Tensor[]{in[0].mul(2f)});
        model.get("3").registerForwardHook((m, in, out) -> out.mul(0.5f).add(1f));
        model.get("3").registerFullBackwardHook((m, gi, go) -> {
            backwardArgs.get("3").add(new Tensor[]{gi[0], go[0]});
            return new Tensor[]{gi[0].mul(0.5f)};
        });
        model.get("1").registerFullBackwardHook((m, gi, go) -> {
            backwardArgs.get("1").add(new Tensor[]{gi[0], go[0]});
            return new Tensor[]{gi[0].mul(0.5f)};
        });
        Tensor x = Golden.tensor(FIXTURE.getAsJsonObject("input")).requiresGrad(expected.get("inputRequiresGrad").getAsBoolean());
        Tensor out = model.call(x);
        Tensor loss = F.crossEntropy(out, Golden.tensor(FIXTURE.getAsJsonObject("targets")));
        loss.backward();

        Golden.assertClose("output", expected.getAsJsonObject("output"), out, TOL);
        Golden.assertClose("loss", expected.getAsJsonObject("loss"), loss, TOL);
        assertGrads(model, Golden.named(expected.getAsJsonArray("grads")));
        Golden.assertClose("input grad", expected.getAsJsonObject("inputGrad"), x.grad(), TOL);
        for (String path : List.of("3", "1")) {
            JsonArray calls = expected.getAsJsonObject("backwardHookArgs").getAsJsonArray(path);
            assertEquals(calls.size(), backwardArgs.get(path).size(), "backward hook calls of " + path);
            JsonObject call = calls.get(0).getAsJsonObject();
            Golden.assertClose(path + " gradInput", call.getAsJsonArray("gradInput").get(0).getAsJsonObject(), backwardArgs.get(path).get(0)[0], TOL);
            Golden.assertClose(path + " gradOutput", call.getAsJsonArray("gradOutput").get(0).getAsJsonObject(), backwardArgs.get(path).get(0)[1], TOL);
        }
    }

    private static void assertGrads(Module model, Map<String, Tensor> expected) {
        assertEquals(expected.keySet(), model.namedParameters().keySet());
        model.namedParameters().forEach((name, p) -> Golden.assertClose("grad of " + name, expected.get(name).shape(),
                expected.get(name).toFloatArray(), p.grad().shape(), p.grad().toFloatArray(), TOL));
    }

    private static JsonObject module3Call(JsonArray calls) {
        for (JsonElement c : calls) {
            JsonObject o = c.getAsJsonObject();
            if (o.get("kind").getAsString().equals("backward") && o.get("module").getAsString().equals("3")) return o;
        }
        throw new AssertionError("fixture has no backward call of module 3");
    }

    private static List<String> expectedLog(JsonArray calls) {
        List<String> out = new ArrayList<>();
        for (JsonElement c : calls) {
            JsonObject o = c.getAsJsonObject();
            String kind = o.get("kind").getAsString();
            if (kind.equals("lossComputed")) {
                out.add(kind);
            } else if (kind.equals("backward")) {
                out.add("backward " + o.get("module").getAsString() + " gradIn=" + shapes(o.getAsJsonArray("gradInputShapes"))
                        + " gradOut=" + shapes(o.getAsJsonArray("gradOutputShapes")));
            } else {
                String line = kind + " " + o.get("module").getAsString() + " in=" + shapes(o.getAsJsonArray("inputShapes"));
                if (o.has("outputShapes")) line += " out=" + shapes(o.getAsJsonArray("outputShapes"));
                out.add(line);
            }
        }
        return out;
    }

    private static Map<Module, String> pathsOf(Module model) {
        Map<Module, String> paths = new IdentityHashMap<>();
        model.namedModules().forEach((p, m) -> paths.put(m, p));
        return paths;
    }

    private static String shapes(Tensor... ts) {
        List<String> s = new ArrayList<>();
        for (Tensor t : ts) s.add(t == null ? "None" : Arrays.toString(t.shape()));
        return s.toString();
    }

    private static String shapes(JsonArray shapes) {
        List<String> s = new ArrayList<>();
        for (JsonElement e : shapes) {
            if (e.isJsonNull()) {
                s.add("None");
            } else {
                JsonArray a = e.getAsJsonArray();
                int[] dims = new int[a.size()];
                for (int i = 0; i < dims.length; i++) dims[i] = a.get(i).getAsInt();
                s.add(Arrays.toString(dims));
            }
        }
        return s.toString();
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration, traversal and state of modules, with PyTorch's names and order. */
class ModuleContainerTest {

    /** A user-defined model: fields registered under the names the user gives. */
    static class Net extends Module {
        final Sequential features = addModule("features", new Sequential(new Linear(4, 3), new ReLU()));
        final Linear head = addModule("head", new Linear(3, 2, false));
        final Parameter scale = registerParameter("scale", new Parameter(Tensor.ones(1)));
        final Tensor steps = registerBuffer("steps", Tensor.zeros(1));

        @Override
        protected Tensor forward(Tensor x) {
            return head.call(features.call(x)).mul(scale);
        }
    }

    @Test
    void namesAndOrderAreThoseOfPyTorch() {
        Net net = new Net();
        assertEquals(List.of("scale", "features.0.weight", "features.0.bias", "head.weight"),
                new ArrayList<>(net.namedParameters().keySet()));
        assertEquals(List.of("", "features", "features.0", "features.1", "head"), new ArrayList<>(net.namedModules().keySet()));
        assertEquals(List.of("scale", "steps", "features.0.weight", "features.0.bias", "head.weight"),
                new ArrayList<>(net.stateDict().keySet()));
        assertEquals(List.of("features", "head"), new ArrayList<>(net.namedChildren().keySet()));
        assertSame(net.features.get(0), net.get("features.0"));
        assertEquals(List.of("steps"), new ArrayList<>(net.namedBuffers().keySet()));
    }

    @Test
    void aSharedModuleIsListedOnce() {
        Linear shared = new Linear(2, 2);
        Sequential model = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), new ArrayList<>(model.namedParameters().keySet()));
        assertEquals(2, model.parameters().size());
        assertEquals(List.of("", "0", "1"), new ArrayList<>(model.namedModules().keySet()));
        // state_dict keeps both names, as PyTorch's does
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(model.stateDict().keySet()));
    }

    @Test
    void reprIsPyTorchs() {
        Net net = new Net();
        assertEquals("Net(\n"
                + "  (features): Sequential(\n"
                + "    (0): Linear(in_features=4, out_features=3, bias=True)\n"
                + "    (1): ReLU()\n"
                + "  )\n"
                + "  (head): Linear(in_features=3, out_features=2, bias=False)\n"
                + ")", net.toString());
        assertEquals("Sequential()", new Sequential().toString());
    }

    @Test
    void getExplainsAWrongPath() {
        Net net = new Net();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.get("features.7"));
        assertTrue(e.getMessage().contains("features has no child '7'"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> net.features.get(5));
        assertSame(net.features.get(1), net.features.get(-1));
    }

    @Test
    void namesAreCheckedAndReRegisteringReplacesAsInPyTorch() {
        Net net = new Net();
        ReLU replacement = net.addModule("head", new ReLU());
        assertSame(replacement, net.get("head"));
        assertEquals(List.of("features", "head"), new ArrayList<>(net.namedChildren().keySet()));
        assertThrows(IllegalArgumentException.class, () -> net.registerBuffer("scale", Tensor.ones(1)));
        assertThrows(IllegalArgumentException.class, () -> net.addModule("a.b", new ReLU()));
    }

    @Test
    void trainAndEvalRecurseAndZeroGradClears() {
        Net net = new Net();
        net.eval();
        for (Module m : net.modules()) assertFalse(m.isTraining());
        net.train();
        for (Module m : net.modules()) assertTrue(m.isTraining());
        net.call(Tensor.ones(5, 4)).sum().backward();
        for (Parameter p : net.parameters()) assertArrayEquals(p.shape(), p.grad().shape());
        net.zeroGrad();
        for (Parameter p : net.parameters()) assertNull(p.grad());
    }

    @Test
    void applyVisitsChildrenBeforeParents() {
        Net net = new Net();
        List<String> order = new ArrayList<>();
        net.apply(m -> order.add(m.getClass().getSimpleName()));
        assertEquals(List.of("Linear", "ReLU", "Sequential", "Linear", "Net"), order);
    }

    @Test
    void loadStateDictCopiesValuesIntoTheSameParameters() {
        Net a = new Net(), b = new Net();
        Tensor before = b.head.weight;
        b.loadStateDict(a.stateDict(), true);
        assertSame(before, b.head.weight);
        assertArrayEquals(a.head.weight.toFloatArray(), b.head.weight.toFloatArray());
        assertArrayEquals(a.features.stateDict().get("0.bias").toFloatArray(), b.features.stateDict().get("0.bias").toFloatArray());
    }

    @Test
    void loadStateDictNamesEveryProblemAndChangesNothing() {
        Net net = new Net();
        float[] weightBefore = net.head.weight.toFloatArray();
        Map<String, Tensor> state = new LinkedHashMap<>(new Net().stateDict());
        state.remove("features.0.bias");
        state.put("extra.weight", Tensor.ones(1));
        state.put("head.weight", Tensor.ones(3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state, true));
        String msg = e.getMessage();
        assertTrue(msg.contains("missing keys [features.0.bias]"), msg);
        assertTrue(msg.contains("unexpected keys [extra.weight]"), msg);
        assertTrue(msg.contains("head.weight: checkpoint has shape [3, 3], the module has [2, 3]"), msg);
        assertTrue(msg.contains("nothing was loaded"), msg);
        assertArrayEquals(weightBefore, net.head.weight.toFloatArray());
        assertArrayEquals(new float[]{1f}, net.scale.toFloatArray());

        // Non-strict: missing and unexpected keys are reported, not errors.
        state.put("head.weight", Tensor.ones(2, 3));
        StateDictReport report = net.loadStateDict(state, false);
        assertEquals(List.of("features.0.bias"), report.missingKeys());
        assertEquals(List.of("extra.weight"), report.unexpectedKeys());
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1}, net.head.weight.toFloatArray());
    }

    @Test
    void parameterRequiresGradAndPrintsLikePyTorch() {
        Parameter p = new Parameter(Tensor.of(new float[]{1, 2}, 2));
        assertTrue(p.requiresGrad());
        assertTrue(p.isLeaf());
        assertEquals("Parameter containing:\ntensor([1., 2.], requires_grad=True)", p.toString());
    }
}

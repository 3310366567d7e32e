package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Module.deepCopy as copy.deepcopy(model): new state with the same values, own hook lists, any subclass. */
class DeepCopyTest {
    /** A user's module as a notebook defines it: its own fields, a tied weight, a buffer, a counter. */
    static final class Tied extends Module {
        final Linear encoder = addModule("encoder", new Linear(3, 4));
        final Linear decoder = addModule("decoder", new Linear(4, 3));
        final Parameter scale = registerParameter("scale", new Parameter(Tensor.ones(1)));
        final int[] sizes = {3, 4};
        int calls;

        Tied() {
            registerBuffer("steps", Tensor.zeros(1));
        }

        @Override
        protected Tensor forward(Tensor x) {
            calls++;
            return F.linear(encoder.call(x).relu(), encoder.weight.transpose(0, 1), decoder.bias).mul(scale);
        }
    }

    @Test
    void parametersAndBuffersAreNewWithTheSameValuesAndFlags() {
        Sequential model = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2));
        ((Linear) model.get("3")).bias.requiresGrad(false);
        model.call(Tensor.randn(5, 3)).sum().backward();
        Module copy = model.deepCopy();

        assertEquals(model.toString(), copy.toString());
        Map<String, Tensor> a = model.stateDict(), b = copy.stateDict();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), k));
        Map<String, Parameter> pa = model.namedParameters(), pb = copy.namedParameters();
        pa.forEach((k, p) -> {
            assertNotSame(p, pb.get(k), k);
            assertEquals(p.requiresGrad(), pb.get(k).requiresGrad(), k);
            assertNull(pb.get(k).grad(), k + ": a copied parameter has no gradient, as Parameter.__deepcopy__");
        });
        for (int i = 0; i < model.buffers().size(); i++) assertNotSame(model.buffers().get(i), copy.buffers().get(i));
        assertSame(copy.get("0"), copy.children().get(0));
        assertNotSame(model.get("0"), copy.get("0"));
        assertSame(((Linear) copy.get("0")).weight, copy.namedParameters().get("0.weight"), "fields and registry agree");

        ((Parameter) ((Linear) copy.get("0")).weight).assign(Tensor.zeros(4, 3));
        assertFalse(allZero(((Linear) model.get("0")).weight), "changing the copy leaves the original");
    }

    @Test
    void aUserSubclassIsCopiedFieldByFieldAndTiesStayTied() {
        Tied model = new Tied();
        model.calls = 7;
        Tied copy = (Tied) model.deepCopy();
        assertEquals(7, copy.calls);
        assertNotSame(model.sizes, copy.sizes);
        assertArrayEquals(model.sizes, copy.sizes);
        assertNotSame(model.encoder, copy.encoder);
        assertSame(copy.encoder, copy.get("encoder"));
        assertSame(copy.scale, copy.namedParameters().get("scale"));
        Tensor x = Tensor.randn(2, 3);
        assertArrayEquals(model.call(x).toFloatArray(), copy.call(x).toFloatArray(), 1e-6f);
        copy.call(x).sum().backward();
        assertTrue(copy.encoder.weight.grad() != null);
        assertNull(model.encoder.weight.grad());
    }

    @Test
    void theCopyHasItsOwnHookListsHoldingTheSameHooks() {
        Linear lin = new Linear(2, 2);
        List<String> seen = new ArrayList<>();
        HookHandle h = lin.registerForwardHook((m, in, out) -> {
            seen.add(m == lin ? "original" : "copy");
            return null;
        });
        Linear copy = (Linear) lin.deepCopy();
        copy.call(Tensor.ones(1, 2));
        assertEquals(List.of("copy"), seen, "the hook was copied and gets the copy as its module");

        h.remove(); // the original's handle does not reach the copy's list
        copy.call(Tensor.ones(1, 2));
        lin.call(Tensor.ones(1, 2));
        assertEquals(List.of("copy", "copy"), seen);

        lin.registerForwardPreHook((m, in) -> {
            seen.add("new on original");
            return null;
        });
        copy.call(Tensor.ones(1, 2));
        assertEquals(List.of("copy", "copy", "copy"), seen, "a hook added later to the original is not in the copy");
    }

    private static boolean allZero(Tensor t) {
        for (float v : t.toFloatArray()) if (v != 0) return false;
        return true;
    }
}

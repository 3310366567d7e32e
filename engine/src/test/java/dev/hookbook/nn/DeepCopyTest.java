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

    @Test
    void everyLayerCopiesToAnEqualIndependentLayer() {
        Tensor image = Tensor.randn(2, 3, 6, 6), seq = Tensor.randn(2, 4, 8), ids = Tensor.of(new float[]{0, 3, 1, 2}, 2, 2);
        Object[][] cases = {
                {new Linear(8, 5), seq}, {new Conv2d(3, 4, 3, 1, 1), image}, {new BatchNorm2d(3), image},
                {new BatchNorm1d(8), Tensor.randn(4, 8)}, {new LayerNorm(8), seq}, {new Embedding(4, 6), ids},
                {new MultiheadAttention(8, 2), seq}, {new Dropout(0.5f), seq}, {new MaxPool2d(2), image},
                {new ReLU(), seq}, {new LeakyReLU(0.1f), seq}, {new GELU(), seq}, {new Tanh(), seq}, {new Sigmoid(), seq},
                {new Softmax(1), seq}, {new Flatten(), image},
                {new Sequential(new Conv2d(3, 2, 3), new BatchNorm2d(2), new ReLU(), new Flatten()), image}};
        for (Object[] c : cases) {
            Module m = (Module) c[0];
            Tensor x = (Tensor) c[1];
            m.eval();
            Module copy = m.deepCopy();
            String what = m.getClass().getSimpleName();
            assertEquals(m.getClass(), copy.getClass(), what);
            assertEquals(m.toString(), copy.toString(), what);
            Tensor[] in = m instanceof MultiheadAttention ? new Tensor[]{x, x, x} : new Tensor[]{x};
            assertArrayEquals(m.call(in).toFloatArray(), copy.call(in).toFloatArray(), 1e-6f, what);
            Map<String, Tensor> a = m.stateDict(), b = copy.stateDict();
            assertEquals(a.keySet(), b.keySet(), what);
            for (String k : a.keySet()) {
                assertNotSame(m.namedParameters().containsKey(k) ? m.namedParameters().get(k) : m.namedBuffers().get(k),
                        copy.namedParameters().containsKey(k) ? copy.namedParameters().get(k) : copy.namedBuffers().get(k), what + " " + k);
            }
            copy.train();
            assertFalse(m.isTraining(), what + ": the original's mode is its own");
        }
    }
}

package dev.hookbook.nn;

import dev.hookbook.nn.utils.Prune;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attributes replaced by computed tensors, as PyTorch's setattr: the layer's field follows. */
class ModuleAttributesTest {
    /** A user's module that keeps its weight in a final field: it cannot be replaced. */
    static final class FinalWeight extends Module {
        final Parameter w = registerParameter("w", new Parameter(Tensor.ones(2, 2)));

        @Override
        protected Tensor forward(Tensor x) {
            return x.matmul(w);
        }
    }

    /** A user's module with no field: it reads its weight by name, so anything may replace it. */
    static final class ByName extends Module {
        ByName() {
            registerParameter("w", new Parameter(Tensor.of(new float[]{1, -2, 3, -4}, 2, 2)));
        }

        @Override
        protected Tensor forward(Tensor x) {
            return x.matmul(getAttribute("w"));
        }
    }

    @Test
    void aComputedTensorReplacesTheParameterAndForwardReadsIt() {
        Linear lin = new Linear(2, 2, false);
        Tensor w = lin.weight;
        lin.deleteAttribute("weight");
        assertNull(lin.weight);
        lin.setAttribute("weight", w.mul(2f));
        assertFalse(lin.weight instanceof Parameter);
        assertSame(lin.getAttribute("weight"), lin.weight);
        assertEquals(List.of(), List.copyOf(lin.stateDict().keySet()), "a plain attribute is not state");
        Tensor out = lin.call(Tensor.of(new float[]{1, 0}, 1, 2));
        assertArrayEquals(new float[]{2 * w.toFloatArray()[0], 2 * w.toFloatArray()[2]}, out.toFloatArray(), 1e-6f);
        out.sum().backward();
        assertTrue(w.grad() != null, "the gradient reaches the tensor it was computed from");

        lin.deleteAttribute("weight");
        lin.setAttribute("weight", (Parameter) w);
        assertSame(w, lin.weight);
        assertEquals(List.of("weight"), List.copyOf(lin.stateDict().keySet()));
    }

    @Test
    void aPlainTensorForAParameterIsRefusedAsInPyTorch() {
        Linear lin = new Linear(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lin.setAttribute("weight", Tensor.ones(2, 2)));
        assertEquals("Linear.setAttribute(\"weight\"): expected a Parameter for the parameter 'weight' (or null), got a Tensor; "
                + "deleteAttribute(\"weight\") first to replace it by a computed tensor", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lin.getAttribute("kernel"));
    }

    @Test
    void snakeCaseNamesFindCamelCaseFields() {
        MultiheadAttention mha = new MultiheadAttention(4, 2);
        Prune.l1Unstructured(mha, "in_proj_weight", 0.5);
        assertFalse(mha.inProjWeight instanceof Parameter);
        assertSame(mha.getAttribute("in_proj_weight"), mha.inProjWeight);
        Tensor x = Tensor.randn(1, 3, 4);
        assertEquals(3, mha.call(x, x, x).size(1));
    }

    @Test
    void aFinalFieldCannotBeReplacedAndNothingChanges() {
        FinalWeight m = new FinalWeight();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prune.l1Unstructured(m, "w", 1));
        assertTrue(e.getMessage().contains("field FinalWeight.w is final"), e.getMessage());
        assertEquals(List.of("w"), List.copyOf(m.stateDict().keySet()));
        assertFalse(Prune.isPruned(m));
    }

    @Test
    void aModuleThatReadsByNameCanBePruned() {
        ByName m = new ByName();
        Prune.l1Unstructured(m, "w", 2);
        assertArrayEquals(new float[]{0, 0, 3, -4}, m.getAttribute("w").toFloatArray(), 0f);
        assertArrayEquals(new float[]{3, -4}, m.call(Tensor.of(new float[]{0, 1}, 1, 2)).toFloatArray(), 0f);
    }
}

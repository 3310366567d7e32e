package dev.hookbook.nn.utils;

import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.ReLU;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pruning as a user meets it: the computed weight, gradients, the hook, remove, bad amounts, copies. */
class PruneTest {
    private static Linear linear() {
        Linear lin = new Linear(4, 3);
        ((Parameter) lin.weight).assign(Tensor.of(new float[]{
                0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.7f, -0.8f, 0.9f, -1.0f, 1.1f, -1.2f}, 3, 4));
        return lin;
    }

    @Test
    void theWeightFieldBecomesTheMaskedOriginalAndOnlyKeptEntriesGetGradients() {
        Linear lin = linear();
        Tensor orig = lin.weight;
        Prune.l1Unstructured(lin, "weight", 0.25); // the 3 smallest |w|: 0.1, 0.2, 0.3
        assertFalse(lin.weight instanceof Parameter, "weight is computed now, as in PyTorch");
        assertSame(orig, lin.getAttribute("weight_orig"));
        assertArrayEquals(new float[]{0, 0, 0, -0.4f, 0.5f, -0.6f, 0.7f, -0.8f, 0.9f, -1.0f, 1.1f, -1.2f}, lin.weight.toFloatArray(), 0f);
        assertEquals(List.of("bias", "weight_orig", "weight_mask"), List.copyOf(lin.stateDict().keySet()));
        assertEquals(List.of("bias", "weight_orig"), List.copyOf(lin.namedParameters().keySet()));

        lin.call(Tensor.ones(2, 4)).sum().backward();
        float[] g = orig.grad().toFloatArray();
        assertArrayEquals(new float[]{0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2}, g);
    }

    @Test
    void theHookRecomputesTheWeightFromTheOriginalBeforeEveryForward() {
        Linear lin = linear();
        Prune.l1Unstructured(lin, "weight", 6);
        Tensor before = lin.weight;
        new SGD(lin.parameters(), 0.5f).step(); // no gradients: nothing moves, but the field is replaced on call
        ((Parameter) lin.getAttribute("weight_orig")).assign(Tensor.ones(3, 4));
        lin.call(Tensor.ones(1, 4));
        assertNotSame(before, lin.weight);
        float sum = 0;
        for (float v : lin.weight.toFloatArray()) sum += v;
        assertEquals(6f, sum, "the new original times the mask: 6 ones kept");
        assertTrue(Prune.isPruned(lin));
        assertEquals("[(model): forward pre-hook #0]", lin.hooks().toString());
    }

    @Test
    void removeMakesThePruningPermanentInTheSameParameterObject() {
        Linear lin = linear();
        Tensor orig = lin.weight;
        Prune.l1Unstructured(lin, "weight", 0.5);
        Prune.remove(lin, "weight");
        assertSame(orig, lin.weight, "the former weight_orig is the parameter again (optimizers keep working)");
        assertInstanceOf(Parameter.class, lin.weight);
        assertEquals(List.of("bias", "weight"), List.copyOf(lin.stateDict().keySet()));
        assertEquals(6, countZeros(lin.weight));
        assertFalse(Prune.isPruned(lin));
        assertTrue(lin.hooks().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prune.remove(lin, "weight"));
        assertTrue(e.getMessage().contains("has to be pruned before pruning can be removed"), e.getMessage());
    }

    @Test
    void badAmountsAreRefusedAndChangeNothing() {
        Linear lin = linear();
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> Prune.l1Unstructured(lin, "weight", 13));
        assertEquals("Prune('weight'): amount=13 should be smaller than the number of parameters to prune=12", big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prune.l1Unstructured(lin, "weight", 1.5));
        assertThrows(IllegalArgumentException.class, () -> Prune.randomUnstructured(lin, "weight", -1));
        IllegalArgumentException oneDim = assertThrows(IllegalArgumentException.class,
                () -> Prune.lnStructured(lin, "bias", 1, 2, 0));
        assertTrue(oneDim.getMessage().contains("multidimensional"), oneDim.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Prune.l1Unstructured(lin, "kernel", 1));
        assertTrue(none.getMessage().contains("'kernel'"), none.getMessage());
        assertEquals(List.of("weight", "bias"), List.copyOf(lin.stateDict().keySet()));
        assertFalse(Prune.isPruned(lin));

        Linear other = linear();
        assertThrows(IllegalArgumentException.class, () -> Prune.globalUnstructured(
                List.of(new Prune.Target(other, "weight"), new Prune.Target(lin, "kernel")), 0.5));
        assertFalse(Prune.isPruned(other), "a bad target is found before any target is pruned");
    }

    @Test
    void aDeepCopyOfAPrunedModelIsPrunedOnItsOwn() {
        Sequential model = new Sequential(new Linear(4, 4), new ReLU(), new Linear(4, 2));
        Prune.l1Unstructured(model.get("0"), "weight", 0.5);
        Module copy = model.deepCopy();
        assertTrue(Prune.isPruned(copy));
        assertArrayEquals(model.stateDict().get("0.weight_mask").toFloatArray(), copy.stateDict().get("0.weight_mask").toFloatArray());
        Tensor x = Tensor.randn(3, 4);
        assertArrayEquals(model.call(x).toFloatArray(), copy.call(x).toFloatArray(), 1e-6f);

        Prune.l1Unstructured(copy.get("0"), "weight", 4);
        assertEquals(8, countZeros(model.stateDict().get("0.weight_mask")), "the original's mask is its own");
        assertEquals(12, countZeros(copy.stateDict().get("0.weight_mask")));
        Prune.remove(copy.get("0"), "weight");
        assertTrue(Prune.isPruned(model), "removing the copy's pruning leaves the original's hook");
    }

    private static int countZeros(Tensor t) {
        int n = 0;
        for (float v : t.toFloatArray()) n += v == 0 ? 1 : 0;
        return n;
    }
}

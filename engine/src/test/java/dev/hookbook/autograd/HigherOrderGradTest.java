package dev.hookbook.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Autograd#grad} and {@code backward(gradient, retainGraph, createGraph)}: what runs, what is touched, what comes back. */
class HigherOrderGradTest {
    private static final float TOL = 1e-5f;

    private static Tensor x() {
        return Tensor.of(new float[]{1f, 2f, -1.5f}, 3).requiresGrad(true);
    }

    @Test
    void derivativesOfXCubedToThirdOrder() {
        Tensor x = x();
        Tensor dx = Autograd.grad(x.pow(3f).sum(), true, x).get(0);
        assertArrayEquals(new float[]{3f, 12f, 6.75f}, dx.toFloatArray(), TOL);
        assertTrue(dx.requiresGrad(), "with createGraph the gradient has a history");
        Tensor d2x = Autograd.grad(dx.sum(), true, x).get(0);
        assertArrayEquals(new float[]{6f, 12f, -9f}, d2x.toFloatArray(), TOL);
        Tensor d3x = Autograd.grad(d2x.sum(), x).get(0);
        assertArrayEquals(new float[]{6f, 6f, 6f}, d3x.toFloatArray(), TOL);
        assertFalse(d3x.requiresGrad(), "without createGraph the gradient is a plain value");
        assertNull(x.grad(), "grad() touches no .grad");
    }

    @Test
    void backwardWithCreateGraphLeavesAGradWithHistory() {
        Tensor x = x();
        x.pow(3f).sum().backward(Tensor.scalar(1f), true, true);
        Tensor first = x.grad();
        assertArrayEquals(new float[]{3f, 12f, 6.75f}, first.toFloatArray(), TOL);
        assertNotNull(first.gradFn(), "as PyTorch: x.grad has a grad_fn after backward(create_graph=True)");
        x.setGrad(null);
        first.sum().backward();
        assertArrayEquals(new float[]{6f, 12f, -9f}, x.grad().toFloatArray(), TOL);
    }

    @Test
    void plainBackwardStillLeavesAGradWithoutHistory() {
        Tensor x = x();
        x.pow(3f).sum().backward();
        assertNull(x.grad().gradFn());
        assertFalse(x.grad().requiresGrad());
    }

    @Test
    void onlyNodesOnAPathToAnInputRun() {
        Tensor x = x(), w = Tensor.of(new float[]{2f, 3f, 4f}, 3).requiresGrad(true);
        List<String> accumulated = new ArrayList<>();
        w.registerPostAccumulateGradHook(t -> accumulated.add("w"));
        Tensor h = w.exp();
        List<String> ran = new ArrayList<>();
        h.gradFnNode().registerPrehook(g -> {
            ran.add("exp");
            return null;
        });
        Tensor gx = Autograd.grad(x.mul(h).sum(), x).get(0);
        assertArrayEquals(h.toFloatArray(), gx.toFloatArray(), TOL);
        assertEquals(List.of(), accumulated, "the accumulator of another leaf does not run");
        assertEquals(List.of(), ran, "a node that leads to no input does not run");
        assertNull(x.grad());
        assertNull(w.grad());
    }

    /** PyTorch 2.x (engine.cpp evaluate_function) runs an input's tensor pre-hooks before it captures the gradient. */
    @Test
    void theHooksOnAnInputRunOnTheGradientReturned() {
        Tensor x = x();
        x.registerHook(g -> g.mul(10f));
        Tensor gx = Autograd.grad(x.mul(2f).sum(), x).get(0);
        assertArrayEquals(new float[]{20f, 20f, 20f}, gx.toFloatArray(), TOL);
        assertNull(x.grad());
    }

    @Test
    void aNonLeafInputGetsItsGradientAndTheGraphBelowDoesNotRun() {
        Tensor x = x();
        Tensor h = x.mul(3f);
        List<String> ran = new ArrayList<>();
        h.gradFnNode().registerPrehook(g -> {
            ran.add("mul");
            return null;
        });
        Tensor gh = Autograd.grad(h.pow(2f).sum(), h).get(0);
        assertArrayEquals(h.mul(2f).toFloatArray(), gh.toFloatArray(), TOL);
        assertEquals(List.of(), ran);
    }

    @Test
    void unusedInputsAreAnErrorUnlessAllowed() {
        Tensor x = x(), unused = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.sum();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(y), List.of(x, unused), null, true, false));
        assertEquals("grad(): input 1 (shape [2]) was not used in the graph of the outputs; pass allowUnused = true to get null for it",
                e.getMessage());
        List<Tensor> grads = Autograd.grad(List.of(y), List.of(x, unused), null, false, false, true);
        assertArrayEquals(new float[]{1f, 1f, 1f}, grads.get(0).toFloatArray(), TOL);
        assertNull(grads.get(1));
    }

    @Test
    void retainGraphDefaultsToCreateGraph() {
        Tensor x = x();
        Tensor y = x.exp().sum();
        Autograd.grad(y, true, x);
        Autograd.grad(y, x); // the graph was kept by the first, and is freed by this one
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x));
        assertTrue(e.getMessage().contains("a second time"), e.getMessage());
    }

    @Test
    void severalOutputsWithGradOutputs() {
        Tensor x = x();
        List<Tensor> g = Autograd.grad(List.of(x.mul(2f), x.pow(2f)), List.of(x),
                List.of(Tensor.of(new float[]{1f, 0f, 1f}, 3), Tensor.ones(3)), false, false);
        // 2 u + 2x
        assertArrayEquals(new float[]{4f, 4f, -1f}, g.get(0).toFloatArray(), TOL);
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        Tensor x = x();
        assertEquals("grad(): output 0 (shape [3]) does not require grad and has no grad_fn",
                assertThrows(IllegalArgumentException.class, () -> Autograd.grad(Tensor.ones(3), x)).getMessage());
        assertEquals("grad(): input 0 (shape [2]) does not require grad; every differentiated tensor must",
                assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.sum(), Tensor.ones(2))).getMessage());
        assertEquals("grad(): grad can be implicitly created only for outputs with one element; output 0 has shape [3]. Pass gradOutputs",
                assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.mul(2f), x)).getMessage());
        assertEquals("grad(): expected gradOutputs[0] of shape [3] (the output's), got [2]",
                assertThrows(IllegalArgumentException.class,
                        () -> Autograd.grad(List.of(x.mul(2f)), List.of(x), List.of(Tensor.ones(2)), false, false)).getMessage());
    }

    @Test
    void createGraphKeepsTheCallersGradModeAfterwards() {
        Tensor x = x();
        try (var off = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
        }
        Tensor y = x.pow(3f).sum();
        try (var off = Autograd.noGrad()) {
            // as PyTorch: backward sets grad mode to create_graph for the pass, and restores it after
            Tensor dx = Autograd.grad(y, true, x).get(0);
            assertTrue(dx.requiresGrad());
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void anOpWhoseGradientLosesItsHistoryIsNamedUnderCreateGraph() {
        Tensor x = x();
        // A rule computing outside the recorded ops (here: on a detached copy), as a direct kernel call would.
        Tensor y = Graph.record("Opaque", x.detach().mul(2f), g -> new Tensor[]{g.detach().mul(2f)}, x);
        Tensor z = y.pow(2f).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(z, true, x));
        assertEquals("OpaqueBackward: its gradient for input 0 is not differentiable (computed outside the recorded ops), "
                + "so createGraph cannot go through this op", e.getMessage());
        // A plain gradient through it is fine.
        assertArrayEquals(new float[]{8f, 16f, -12f}, Autograd.grad(y.pow(2f).sum(), x).get(0).toFloatArray(), TOL);
    }

    @Test
    void hessianVectorProductOfAQuadraticForm() {
        // f(x) = x^T A x / 2 with symmetric A: the Hessian is A, so Hv = A v.
        Tensor a = Tensor.of(new float[]{2f, 1f, 0f, 1f, 3f, 1f, 0f, 1f, 4f}, 3, 3);
        Tensor x = x(), v = Tensor.of(new float[]{1f, -1f, 2f}, 3);
        Tensor f = x.unsqueeze(0).matmul(a).matmul(x.unsqueeze(1)).sum().mul(0.5f);
        Tensor g = Autograd.grad(f, true, x).get(0);
        Tensor hv = Autograd.grad(g.mul(v).sum(), x).get(0);
        assertArrayEquals(new float[]{1f, 0f, 7f}, hv.toFloatArray(), TOL);
    }
}

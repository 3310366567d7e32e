package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Autograd.enableGrad()} and {@code setGradEnabled(b)}, as {@code torch.enable_grad} and
 * {@code torch.set_grad_enabled}: the innermost open scope decides, per thread, and closing a
 * scope (in any order) gives back the mode of those still open.
 */
class EnableGradTest {

    @Test
    void enableGradRecordsInsideNoGrad() {
        Tensor x = Tensor.of(values(1, 2), 2).requiresGrad(true);
        try (var off = Autograd.noGrad()) {
            assertFalse(x.mul(x).requiresGrad());
            Tensor y;
            try (var on = Autograd.enableGrad()) {
                assertTrue(Autograd.isGradEnabled());
                y = x.mul(x).sum();
            }
            assertFalse(Autograd.isGradEnabled(), "closing enableGrad goes back to noGrad");
            assertEquals("SumBackward", y.gradFn());
            y.backward();
        }
        assertTensor(values(2, 4), shape(2), x.grad());
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void noGradInsideEnableGradInsideNoGrad() {
        Tensor x = Tensor.ones(1).requiresGrad(true);
        try (var a = Autograd.noGrad(); var b = Autograd.enableGrad()) {
            try (var c = Autograd.noGrad()) {
                assertFalse(Autograd.isGradEnabled());
                assertFalse(x.exp().requiresGrad());
            }
            assertTrue(Autograd.isGradEnabled());
            assertTrue(x.exp().requiresGrad());
        }
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void closingOutOfOrderLeavesTheOtherScopesModes() {
        var off = Autograd.noGrad();
        var on = Autograd.enableGrad();
        var offAgain = Autograd.noGrad();
        assertFalse(Autograd.isGradEnabled());
        on.close();                       // the middle one: the innermost still decides
        assertFalse(Autograd.isGradEnabled());
        offAgain.close();                 // now only the outer noGrad is open
        assertFalse(Autograd.isGradEnabled());
        off.close();
        assertTrue(Autograd.isGradEnabled());

        var outer = Autograd.noGrad();
        var inner = Autograd.enableGrad();
        outer.close();                    // the outer first: the inner enableGrad is what is left
        assertTrue(Autograd.isGradEnabled());
        inner.close();
        inner.close();                    // closing twice does nothing
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void setGradEnabledChoosesTheModeOfItsScope() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        for (boolean training : new boolean[]{true, false}) {
            try (var g = Autograd.setGradEnabled(training)) {
                assertEquals(training, Autograd.isGradEnabled());
                assertEquals(training, x.mul(3f).requiresGrad());
                try (var inner = Autograd.setGradEnabled(!training)) {
                    assertEquals(!training, x.mul(3f).requiresGrad());
                }
            }
        }
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void backwardRunsWithoutGradAndEnableGradRecordsThere() {
        Tensor x = Tensor.of(values(3), 1).requiresGrad(true);
        List<Tensor> seen = new ArrayList<>();
        List<Boolean> modes = new ArrayList<>();
        x.registerHook(g -> {
            modes.add(Autograd.isGradEnabled());
            try (var on = Autograd.enableGrad()) {
                seen.add(x.mul(g));
            }
            modes.add(Autograd.isGradEnabled());
            return null;
        });
        x.mul(x).sum().backward();
        assertEquals(List.of(false, false), modes, "backward runs under noGrad, and gets it back after the scope");
        Tensor recorded = seen.get(0);
        assertEquals("MulBackward", recorded.gradFn());
        recorded.sum().backward();   // x * g with g = 2x held fixed: d/dx = g = 6
        assertTensor(values(6 + 6), shape(1), x.grad());
    }

    @Test
    void aScopeIsClosedOnTheThreadThatOpenedIt() throws Exception {
        var off = Autograd.noGrad();
        try {
            Throwable[] thrown = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    off.close();
                } catch (Throwable e) {
                    thrown[0] = e;
                }
            });
            other.start();
            other.join();
            assertTrue(thrown[0] instanceof IllegalStateException, "closing on another thread is refused");
            assertFalse(Autograd.isGradEnabled(), "and this thread's scope stays open");
        } finally {
            off.close();
        }
        assertTrue(Autograd.isGradEnabled());
    }
}

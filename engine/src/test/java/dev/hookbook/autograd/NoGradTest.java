package dev.hookbook.autograd;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Autograd.noGrad(): scopes that record nothing, nestable and confined to their thread. */
class NoGradTest {

    @Test
    void opsInsideRecordNothing() {
        Tensor x = Tensor.of(values(1, 2), 2).requiresGrad(true);
        Tensor y;
        try (var g = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            y = x.mul(x).exp().sum();
        }
        assertTrue(Autograd.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        // values are still computed
        assertEquals((float) (Math.exp(1) + Math.exp(4)), y.item(), 1e-4);
        // x itself is unchanged
        assertTrue(x.requiresGrad());
    }

    @Test
    void scopesNest() {
        Tensor x = Tensor.ones(1).requiresGrad(true);
        try (var outer = Autograd.noGrad()) {
            try (var inner = Autograd.noGrad()) {
                assertFalse(Autograd.isGradEnabled());
            }
            // closing the inner scope must not re-enable recording
            assertFalse(Autograd.isGradEnabled());
            assertFalse(x.mul(2f).requiresGrad());
        }
        assertTrue(Autograd.isGradEnabled());
        assertTrue(x.mul(2f).requiresGrad());
    }

    @Test
    void closingTwiceIsHarmless() {
        var outer = Autograd.noGrad();
        var inner = Autograd.noGrad();
        inner.close();
        inner.close();
        assertFalse(Autograd.isGradEnabled());
        outer.close();
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void scopeIsRestoredWhenTheBodyThrows() {
        try (var g = Autograd.noGrad()) {
            throw new IllegalStateException("boom");
        } catch (IllegalStateException expected) {
            assertTrue(Autograd.isGradEnabled());
        }
    }

    @Test
    void anotherThreadStillRecords() throws Exception {
        Tensor x = Tensor.of(values(3), 1).requiresGrad(true);
        AtomicReference<Tensor> fromOther = new AtomicReference<>();
        AtomicReference<Boolean> enabledThere = new AtomicReference<>();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                inside.await();
                enabledThere.set(Autograd.isGradEnabled());
                fromOther.set(x.mul(x));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        });
        other.start();
        try (var g = Autograd.noGrad()) {
            inside.countDown();
            done.await();
            assertFalse(Autograd.isGradEnabled());
        }
        other.join();
        assertTrue(enabledThere.get());
        assertEquals("MulBackward", fromOther.get().gradFn());
        fromOther.get().sum().backward();
        assertTensor(values(6), shape(1), x.grad());
    }

    @Test
    void noGradOnAnotherThreadDoesNotAffectThisOne() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (var g = Autograd.noGrad()) {
                entered.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        entered.await();
        try {
            assertTrue(Autograd.isGradEnabled());
            assertTrue(Tensor.ones(1).requiresGrad(true).mul(2f).requiresGrad());
        } finally {
            release.countDown();
            other.join();
        }
    }

    @Test
    void backwardStillWorksAfterAScopeAndGradientsAreNotRecorded() {
        Tensor w = Tensor.of(values(2), 1).requiresGrad(true);
        try (var g = Autograd.noGrad()) {
            w.mul(5f);
        }
        w.mul(w).sum().backward();
        assertTensor(values(4), shape(1), w.grad());
        assertFalse(w.grad().requiresGrad());
    }

    @Test
    void parameterUpdateInsideNoGradKeepsTheLeafALeaf() {
        Tensor w = Tensor.of(values(1, 2), 2).requiresGrad(true);
        w.mul(w).sum().backward();
        try (var g = Autograd.noGrad()) {
            w.assign(w.sub(w.grad().mul(0.5f)));
        }
        assertTrue(w.isLeaf());
        assertTensor(values(0, 0), shape(2), w);
    }
}

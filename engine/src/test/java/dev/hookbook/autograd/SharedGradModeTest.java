package dev.hookbook.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A thread may share one grad mode with the threads it starts, as a notebook session whose
 * statements each run on a fresh thread: a mode left set by one holds for the next.
 */
class SharedGradModeTest {

    /** Runs body on a new thread started from this one and returns its result. */
    private static <T> T onNewThread(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) throw failure.get();
        return result.get();
    }

    @Test
    void aModeLeftOpenByOneStartedThreadHoldsOnTheNext() throws Exception {
        assertTrue(onNewThread(() -> {
            try (Autograd.SharedGradMode shared = Autograd.shareGradModeWithStartedThreads()) {
                Autograd.Scope left = onNewThread(() -> Autograd.setGradEnabled(false)); // a statement, never closed
                assertFalse(onNewThread(Autograd::isGradEnabled));
                assertFalse(shared.isGradEnabled());
                assertNull(onNewThread(() -> Tensor.ones(2).requiresGrad(true).mul(2f).gradFn()), "no graph is recorded");
                assertTrue(onNewThread(() -> onNewThread(Autograd::isGradEnabled)), "a thread a statement starts has its own mode");
                assertTrue(Autograd.isGradEnabled(), "the sharing thread keeps its own mode");
                onNewThread(() -> {
                    left.close(); // a later statement closes what an earlier one opened
                    return null;
                });
                assertTrue(onNewThread(Autograd::isGradEnabled));
                onNewThread(() -> Autograd.noGrad());
            }
            return onNewThread(Autograd::isGradEnabled); // started after sharing stopped: a mode of its own
        }));
    }

    @Test
    void aSecondStartingThreadContinuesTheFirstOnesModeOpenScopesIncluded() throws Exception {
        AtomicReference<Autograd.Scope> leftOpen = new AtomicReference<>();
        Autograd.SharedGradMode first = onNewThread(() -> {
            Autograd.SharedGradMode shared = Autograd.shareGradModeWithStartedThreads();
            leftOpen.set(onNewThread(() -> Autograd.setGradEnabled(false))); // a statement, never closed
            return shared;
        });
        Autograd.Scope left = leftOpen.get();
        assertFalse(first.isGradEnabled());
        assertFalse(onNewThread(() -> {
            try (Autograd.SharedGradMode continued = Autograd.shareGradModeWithStartedThreads(first)) {
                assertFalse(continued.isGradEnabled());
                return onNewThread(Autograd::isGradEnabled);
            }
        }), "the scope left open under the first starter holds under the second");
        assertTrue(onNewThread(() -> {
            try (Autograd.SharedGradMode continued = Autograd.shareGradModeWithStartedThreads(first)) {
                onNewThread(() -> {
                    left.close(); // closed under the second starter, opened under the first
                    return null;
                });
                return onNewThread(Autograd::isGradEnabled) && first.isGradEnabled();
            }
        }));
    }

    @Test
    void aScopeOpenedOnAThreadThatDoesNotShareStillClosesOnlyThere() throws Exception {
        Autograd.Scope scope = onNewThread(Autograd::noGrad);
        IllegalStateException e = assertThrows(IllegalStateException.class, scope::close);
        assertTrue(e.getMessage().contains("closed on the thread that opened it"), e.getMessage());
        assertEquals(true, Autograd.isGradEnabled());
    }
}

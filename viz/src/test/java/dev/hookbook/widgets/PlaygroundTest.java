package dev.hookbook.widgets;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The playground's loop: play, pause, jobs on its thread, and a failing step. */
class PlaygroundTest {

    @Test
    void playRunsStepsOnItsOwnThreadAndPauseStopsThem() throws Exception {
        AtomicInteger stepped = new AtomicInteger();
        AtomicReference<String> stepThread = new AtomicReference<>();
        AtomicInteger drawn = new AtomicInteger();
        try (Playground playground = new Playground(() -> {
            stepThread.set(Thread.currentThread().getName());
            stepped.incrementAndGet();
        }, drawn::incrementAndGet, 4)) {
            assertFalse(playground.playing());
            assertEquals("pause", playground.button().value());
            playground.play();
            assertTrue(playground.awaitSteps(200, 30_000));
            playground.pause();                                // returns once the loop has drawn and waits
            long after = playground.steps();
            assertEquals(after, stepped.get(), "no step in flight after pause()");
            assertTrue(drawn.get() >= 1, "drawn when paused");
            for (int i = 0; i < 2; i++) {
                CountDownLatch done = new CountDownLatch(1);
                playground.runOnLoop(done::countDown);
                assertTrue(done.await(30, TimeUnit.SECONDS));
            }
            assertEquals(after, stepped.get());
            assertTrue(after >= 200);
            assertEquals("hookbook-playground", stepThread.get());
            assertFalse(playground.awaitSteps(after + 1, 200), "a paused loop runs no more steps");
            assertEquals(after, playground.steps());
        }
    }

    @Test
    void runStepsPlaysExactlyThatManyStepsThenPauses() throws Exception {
        AtomicInteger stepped = new AtomicInteger();
        try (Playground playground = new Playground(stepped::incrementAndGet, () -> {}, 4)) {
            assertTrue(playground.runSteps(37, 30_000));
            assertEquals(37, playground.steps());
            assertEquals(37, stepped.get());
            assertFalse(playground.playing());
            assertTrue(playground.runSteps(3, 30_000));
            assertEquals(40, stepped.get());
        }
    }

    @Test
    void theButtonMovedInTheFrontEndPlaysAndPauses() throws Exception {
        try (Playground playground = new Playground(() -> {}, () -> {}, 10)) {
            playground.button().setValue("play");              // as an update from the browser lands
            assertTrue(playground.awaitSteps(10, 30_000));
            playground.button().setValue("pause");
            assertFalse(playground.playing());
        }
    }

    @Test
    void jobsRunOnTheLoopsThreadWhilePausedAndAreFollowedByADraw() throws Exception {
        CountDownLatch drawn = new CountDownLatch(1);
        AtomicReference<String> jobThread = new AtomicReference<>();
        try (Playground playground = new Playground(() -> {}, drawn::countDown, 4)) {
            playground.runOnLoop(() -> jobThread.set(Thread.currentThread().getName()));
            assertTrue(drawn.await(30, TimeUnit.SECONDS));
            assertEquals("hookbook-playground", jobThread.get());
            assertEquals(0, playground.steps());
        }
    }

    @Test
    void aStepThatThrowsPausesAndIsShown() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Playground playground = new Playground(() -> {
            if (calls.incrementAndGet() == 5) throw new IllegalStateException("loss is NaN");
        }, () -> {}, 4)) {
            assertNull(playground.error());
            playground.play();
            assertFalse(playground.awaitSteps(100, 30_000));
            assertEquals(4, playground.steps());
            assertFalse(playground.playing());
            assertEquals("loss is NaN", playground.error().getMessage());
            assertEquals("stopped at step 4: java.lang.IllegalStateException: loss is NaN", playground.status().value());
        }
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Playground(() -> {}, () -> {}, 0));
        assertTrue(e.getMessage().startsWith("Playground expected a step, a draw and framesPerSecond > 0, got "), e.getMessage());
        assertTrue(e.getMessage().endsWith("framesPerSecond=0"), e.getMessage());
    }
}

package dev.hookbook.kernel.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cell stopped by a signal gets the timeout's grace: if it has not ended {@link CellTimeout#GRACE}
 * later it is given up (the runner then writes the files and exits with the signal's status),
 * and a cell that ends in time is never given up.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CellTimeoutTest {

    @Test
    void aCellStoppedBySignalThatDoesNotEndIsGivenUpWithoutATimeout() throws Exception {
        AtomicInteger interrupts = new AtomicInteger();
        CountDownLatch givenUp = new CountDownLatch(1);
        try (CellTimeout timeouts = new CellTimeout(Duration.ZERO, interrupts::incrementAndGet)) {
            CellTimeout.Clock clock = timeouts.start(2, givenUp::countDown);
            clock.stopped();
            assertTrue(givenUp.await(60, TimeUnit.SECONDS), "the stuck cell was never given up");
            assertTrue(clock.givenUp());
            assertFalse(clock.ranOut(), "no time limit was set: the cell did not run out of time");
            assertEquals(0, interrupts.get(), "the signal's handler stops the cell, not the clock");
            clock.close();
        }
    }

    @Test
    void aCellThatEndsWithinTheGraceIsNotGivenUp() throws Exception {
        CountDownLatch givenUp = new CountDownLatch(1);
        try (CellTimeout timeouts = new CellTimeout(Duration.ZERO, () -> { })) {
            CellTimeout.Clock clock = timeouts.start(2, givenUp::countDown);
            clock.stopped();
            clock.close(); // the cell ended
            assertFalse(givenUp.await(CellTimeout.GRACE.toSeconds() + 3, TimeUnit.SECONDS));
            assertFalse(clock.givenUp());
            clock.stopped(); // a late signal after the cell ended gives nothing up either
            assertFalse(givenUp.await(CellTimeout.GRACE.toSeconds() + 1, TimeUnit.SECONDS));
        }
    }
}

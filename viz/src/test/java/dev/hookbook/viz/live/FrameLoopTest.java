package dev.hookbook.viz.live;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame loop's rules, on a clock that stands still unless the test moves it. */
class FrameLoopTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void theFirstStepAfterShowIsDrawnWithoutWaitingForTheInterval() throws Exception {
        CountDownLatch live = new CountDownLatch(1);
        AtomicInteger full = new AtomicInteger();
        // One frame a minute, and the clock never moves: only the rule can let the frame through.
        try (FrameLoop loop = new FrameLoop(live::countDown, full::incrementAndGet, 1.0 / 60, e -> { }, now::get)) {
            loop.flush(); // show()'s frame, before any step
            assertEquals(1, full.get());
            loop.request(); // the first step ends
            assertTrue(live.await(20, TimeUnit.SECONDS), "the first step's frame came at once");
        }
    }

    @Test
    void requestsWhileAFrameIsPendingShareItAndItDrawsTheLatestData() throws Exception {
        AtomicInteger data = new AtomicInteger();
        AtomicInteger drawnValue = new AtomicInteger(-1);
        AtomicInteger liveFrames = new AtomicInteger();
        CountDownLatch two = new CountDownLatch(2);
        Runnable frame = () -> {
            drawnValue.set(data.get());
            liveFrames.incrementAndGet();
            two.countDown();
        };
        try (FrameLoop loop = new FrameLoop(frame, () -> { }, 2, e -> { }, now::get)) {
            loop.request(); // drawn at once: no frame came before
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (liveFrames.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(1, liveFrames.get());
            // The next frame may start half a second after the first, and the test's clock stands
            // still: these requests all wait for that one frame, and the older data is dropped.
            for (int i = 1; i <= 100; i++) {
                data.set(i);
                loop.request();
            }
            assertEquals(1, liveFrames.get());
            now.addAndGet(TimeUnit.SECONDS.toNanos(1)); // now its time has come
            assertTrue(two.await(20, TimeUnit.SECONDS), "a trailing frame followed the requests");
            loop.flush(); // runs after anything still queued on the frame thread
            assertEquals(2, liveFrames.get(), "one frame for a hundred requests");
            assertEquals(100, drawnValue.get(), "drawn with the latest data");
        }
    }
}

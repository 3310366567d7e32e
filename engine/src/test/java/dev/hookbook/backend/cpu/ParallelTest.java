package dev.hookbook.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Parallel's loops: every index runs exactly once whether the pool thread is parked, looking for
 * work or busy with another caller's loop, several callers at once share the pool without
 * waiting on each other forever, and an exception in a chunk reaches the caller and leaves the
 * pool working.
 */
class ParallelTest {
    private static void coversEachIndexOnce(int n, int grain) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        Parallel.forRange(n, grain, (from, to) -> {
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n + " (grain " + grain + ")");
    }

    @Test
    void everyIndexRunsOnceWhateverTheSizeAndTheGrain() {
        int[] sizes = {0, 1, 2, 15, 16, 17, 1000, 1 << 14, (1 << 16) + 3, 1 << 18};
        int[] grains = {1, 7, 16, 1 << 12, 1 << 14, 1 << 18, 1 << 20};
        for (int round = 0; round < 20; round++) {
            for (int n : sizes) for (int g : grains) coversEachIndexOnce(n, g);
            if (round % 5 == 4) {
                try {
                    Thread.sleep(2); // long enough for the pool thread to park, so the next round wakes it
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void severalCallersShareThePool() throws Exception {
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                try {
                    for (int round = 0; round < 200; round++) coversEachIndexOnce(1 << 15, 1 << 14);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            callers.add(t);
            t.start();
        }
        for (Thread t : callers) t.join(60_000);
        assertEquals(List.of(), failures);
    }

    @Test
    void anExceptionInAChunkReachesTheCallerAndThePoolGoesOn() {
        for (int round = 0; round < 50; round++) {
            var e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(1 << 16, 1 << 10, (from, to) -> {
                if (from > 0) throw new IllegalStateException("chunk at " + from);
            }));
            assertEquals("chunk at", e.getMessage().substring(0, 8));
            coversEachIndexOnce(1 << 16, 1 << 10);
        }
    }
}

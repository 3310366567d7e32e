package dev.hookbook.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Backward passes on several threads into one shared leaf add up, as PyTorch's AccumulateGrad
 * does under its lock: no pass's gradient is lost to a race between reading and writing grad.
 */
class ConcurrentAccumulationTest {

    @Test
    void twoThreadsOfBackwardPassesIntoOneLeafAddUpExactly() throws Exception {
        int threads = 2;
        int passes = 200;
        for (int round = 0; round < 5; round++) {
            Tensor w = Tensor.zeros(1).requiresGrad(true);
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < passes; i++) w.add(1f).sum().backward();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            start.countDown();
            for (Thread worker : workers) worker.join();
            if (failure.get() != null) throw new AssertionError(failure.get());
            assertEquals(threads * passes, w.grad().item(), 0f, "round " + round);
        }
    }
}

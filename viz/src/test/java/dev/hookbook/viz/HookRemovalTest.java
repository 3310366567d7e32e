package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.GradHooks;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.CallTrace;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After close() the model has exactly the hooks it had before attach(). */
class HookRemovalTest {

    @Test
    void aHookFreeModelGoesBackToAPlainGraph() {
        Hookbook.manualSeed(0);
        Sequential model = Models.cnn();
        Tensor batch = Models.batches(4).get(0).x();
        String plain = model.call(batch).gradFn();

        Monitor monitor = Monitor.attach(model);
        assertEquals("BackwardHookFunctionBackward", model.call(batch).gradFn(), "the monitor's backward hooks are in the graph");
        monitor.close();

        assertEquals(plain, model.call(batch).gradFn());
        assertNotEquals("BackwardHookFunctionBackward", model.call(batch).gradFn());
        for (Parameter p : model.parameters()) assertEquals(0, GradHooks.count(p), "no tensor hook left");
    }

    @Test
    void theUsersOwnHooksAreUntouchedAndTheTraceIsTheSame() {
        Hookbook.manualSeed(1);
        Sequential model = Models.mlp(Models::relu);
        AtomicInteger forwardCalls = new AtomicInteger();
        AtomicInteger backwardCalls = new AtomicInteger();
        model.get(1).registerForwardHook((m, in, out) -> {
            forwardCalls.incrementAndGet();
            return null;
        });
        model.get(3).registerFullBackwardHook((m, gin, gout) -> {
            backwardCalls.incrementAndGet();
            return null;
        });
        Tensor x = Tensor.randn(5, 1, 8, 8);
        String before = CallTrace.record(() -> model.call(x).sum().backward()).toString();
        assertEquals(1, forwardCalls.get());
        assertEquals(1, backwardCalls.get());

        Monitor monitor = Monitor.attach(model);
        SGD opt = new SGD(model.parameters(), 0.01f);
        for (int i = 0; i < 3; i++) {
            opt.zeroGrad();
            model.call(x).sum().backward();
            opt.step();
        }
        assertEquals(4, forwardCalls.get(), "the user's hooks keep running beside the monitor's");
        assertEquals(4, backwardCalls.get());
        String during = CallTrace.record(() -> model.call(x).sum().backward()).toString();
        assertNotEquals(before, during);
        monitor.close();
        monitor.close(); // twice: nothing more happens

        String after = CallTrace.record(() -> model.call(x).sum().backward()).toString();
        assertEquals(before, after, "the same calls, hooks and backward nodes as before attach()");
        assertEquals(6, forwardCalls.get());
        assertEquals(6, backwardCalls.get());
        assertEquals(count(before, "forward hook"), count(after, "forward hook"));
        assertEquals(count(before, "backward hook"), count(after, "backward hook"));
    }

    @Test
    void aClosedMonitorRecordsNothingMore() {
        Module model = Models.mlp(Models::relu);
        Monitor monitor = Monitor.attach(model);
        model.call(Tensor.randn(2, 1, 8, 8)).sum().backward();
        monitor.close();
        int steps = monitor.steps();
        model.call(Tensor.randn(2, 1, 8, 8)).sum().backward();
        monitor.step();
        assertEquals(1, steps);
        assertEquals(steps, monitor.steps());
        assertTrue(monitor.isClosed());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}

package dev.hookbook.kernel.eval;

import dev.hookbook.kernel.TestPaths;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long session moves to a fresh JShell now and then, so that what JShell keeps of every
 * snippet is let go; the notebook must not be able to tell: the same objects under the same
 * names, the same methods and imports, the same grad mode. Where a lambda written in a cell is
 * still reachable (it would go on reading the old session's variables), the session stays.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionRenewalTest {

    static final int EVERY = 12;

    final Evaluator evaluator = new Evaluator(List.of(TestPaths.kernelClassPath().split(File.pathSeparator)), EVERY);

    @AfterEach
    void close() {
        evaluator.close();
    }

    Object value(String code) throws CellException {
        return evaluator.eval(code, CodeOrigin.of("test")).orElseThrow().value();
    }

    void run(String code) throws CellException {
        evaluator.eval(code, CodeOrigin.of("test"));
    }

    /** Runs one-snippet cells until the session is due to move, and one more cell, which moves it. */
    void runPastTheRenewal() throws CellException {
        for (int i = 0; i <= EVERY; i++) {
            run("int filler = " + i + ";");
        }
    }

    void assertMoved() {
        assertTrue(evaluator.renewals() > 0, () -> "no move: " + evaluator.renewalObstacle().orElse("?"));
    }

    @Test
    void importsVariablesAndMethodsCarryOverAndTheOldSessionIsLetGo() throws CellException {
        run("import java.util.concurrent.atomic.AtomicInteger;");
        run("var w = Tensor.ones(2, 2).requiresGrad(true);\nvar loss = w.mul(3f).sum();");
        run("int n = 5;\nvar counter = new AtomicInteger(7);");
        run("String greet(String who) { return \"hi \" + who + \" \" + n; }");
        run("double[] history = {1.5, 2.5};");
        Object w = value("w");
        WeakReference<Object> oldWrapper = new WeakReference<>(value("java.lang.invoke.MethodHandles.lookup().lookupClass()"));

        runPastTheRenewal();

        assertMoved();
        assertSame(w, value("w"), "a variable holds the very object it held");
        run("loss.backward();");
        assertEquals(12f, ((Tensor) value("w.grad().sum()")).item(), "the graph behind a carried tensor still runs backward");
        assertEquals("hi you 5", value("greet(\"you\")"));
        run("n = 6;");
        assertEquals("hi you 6", value("greet(\"you\")"), "a carried method reads the carried variable");
        assertEquals(8, value("counter.incrementAndGet()"), "a carried import still resolves");
        assertEquals(2.5, value("history[1]"));
        assertEquals(EVERY, value("filler"));
        for (int i = 0; i < 20 && oldWrapper.get() != null; i++) {
            System.gc();
        }
        assertNull(oldWrapper.get(), "the old session's classes were unloaded");
    }

    @Test
    void gradModeLeftOffHoldsAcrossTheMoveAndItsScopeStillCloses() throws CellException {
        run("var ng = Autograd.noGrad();");
        runPastTheRenewal();
        assertMoved();
        assertEquals(false, value("Autograd.isGradEnabled()"));
        run("ng.close();");
        assertEquals(true, value("Autograd.isGradEnabled()"));
    }

    @Test
    void aHookLambdaWrittenInACellKeepsTheSessionUntilItIsRemoved() throws CellException {
        run("var model = new Linear(2, 2);\nint calls = 0;");
        run("var handle = model.registerForwardHook((m, in, out) -> { calls++; return null; });");
        runPastTheRenewal();
        assertEquals(0, evaluator.renewals());
        assertTrue(evaluator.renewalObstacle().orElse("").contains("model"), evaluator.renewalObstacle().orElse(""));
        assertTrue(evaluator.renewalObstacle().orElse("").contains("a lambda written in a cell"));
        run("model.call(Tensor.ones(1, 2));");
        assertEquals(1, value("calls"), "the hook counts into the session's own variable");

        run("handle.remove();\nvar handle = 0;");
        runPastTheRenewal();
        assertMoved();
        run("model.call(Tensor.ones(1, 2));");
        assertEquals(1, value("calls"));
    }

    @Test
    void aGlobalHookWrittenInACellKeepsTheSession() throws CellException {
        run("int seen = 0;");
        // The handle is kept where no variable reaches it: only the global registry does.
        run("System.getProperties().put(\"test.hook\", Module.registerGlobalForwardHook((m, in, out) -> { seen++; return null; }));");
        runPastTheRenewal();
        try {
            assertEquals(0, evaluator.renewals());
            assertTrue(evaluator.renewalObstacle().orElse("").contains("GLOBAL_HOOKS"), evaluator.renewalObstacle().orElse(""));
        } finally {
            run("((HookHandle) System.getProperties().remove(\"test.hook\")).remove();");
        }
    }

    @Test
    void whatTheKernelKeepsForTheSessionIsLookedThroughToo() throws CellException {
        List<Object> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
        evaluator.addRenewalRoots(() -> Map.of("a renderer registered in a cell", registered));
        registered.add(value("(Runnable) () -> System.out.println(\"rendered\")"));
        runPastTheRenewal();
        assertEquals(0, evaluator.renewals());
        assertTrue(evaluator.renewalObstacle().orElse("").startsWith("a renderer registered in a cell"),
                evaluator.renewalObstacle().orElse(""));
        registered.clear();
        runPastTheRenewal();
        assertMoved();
    }

    @Test
    void aClassDeclaredInACellKeepsTheSession() throws CellException {
        run("class Doubler { int twice(int x) { return 2 * x; } }");
        runPastTheRenewal();
        assertEquals(0, evaluator.renewals());
        assertTrue(evaluator.renewalObstacle().orElse("").contains("Doubler"), evaluator.renewalObstacle().orElse(""));
        assertEquals(8, value("new Doubler().twice(4)"));
    }

    @Test
    void aThreadACellStartedKeepsTheSessionUntilItEnds() throws CellException {
        run("var gate = new java.util.concurrent.CountDownLatch(1);");
        run("new Thread(() -> { try { gate.await(); } catch (InterruptedException e) {} }, \"background\").start();");
        runPastTheRenewal();
        assertEquals(0, evaluator.renewals());
        assertTrue(evaluator.renewalObstacle().orElse("").contains("background"), evaluator.renewalObstacle().orElse(""));
        run("gate.countDown();\nThread.sleep(200);");
        runPastTheRenewal();
        assertMoved();
    }

    @Test
    void errorsAfterTheMovePointAtTheirCell() throws CellException {
        runPastTheRenewal();
        assertMoved();
        CellException error = org.junit.jupiter.api.Assertions.assertThrows(CellException.class,
                () -> evaluator.eval("int a = 1;\nint b = 2;\nObject o = null;\no.toString();", CodeOrigin.of("cell 9")));
        assertEquals(4, error.line().orElse(-1), String.join("\n", error.traceback()));
    }
}

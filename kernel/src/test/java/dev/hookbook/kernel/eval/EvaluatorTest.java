package dev.hookbook.kernel.eval;

import dev.hookbook.kernel.TestPaths;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JShell session on its own, in this JVM: values, errors, interrupts and source analysis. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EvaluatorTest {

    static Evaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new Evaluator(List.of(TestPaths.kernelClassPath().split(File.pathSeparator)));
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    static Object value(String code) throws CellException {
        Optional<Evaluator.Result> result = evaluator.eval(code, CodeOrigin.of("test"));
        assertTrue(result.isPresent(), "no value from " + code);
        return result.get().value();
    }

    @Test
    void startupScriptImportsTheEngineAndDefinesDisplay() throws CellException {
        // Every package the start-up script imports exists (the API's packages), and display is defined.
        assertEquals(List.of(), evaluator.startupProblems());
        assertInstanceOf(Tensor.class, value("Tensor.zeros(2)"));
        assertEquals("first", value("display(\"first\").id().startsWith(\"console-\") ? \"first\" : \"other\""));
    }

    @Test
    void returnsTheObjectOfTheLastExpressionAmongSeveralSnippets() throws CellException {
        Object tensor = value("var t = Tensor.ones(2, 2);\nint n = 3;\n// a comment\nt");
        assertInstanceOf(Tensor.class, tensor);
        assertSame(tensor, value("t"), "a variable's value is the object itself");
        assertEquals(6, value("n * 2"));
        assertEquals(4, value("n = 4"));
        assertEquals(null, value("(String) null"));
    }

    @Test
    void aSemicolonOrAStatementHidesTheValue() throws CellException {
        assertTrue(evaluator.eval("1 + 1;", CodeOrigin.of("test")).isEmpty());
        assertTrue(evaluator.eval("int quiet = 5;", CodeOrigin.of("test")).isEmpty());
        assertTrue(evaluator.eval("void noop() {}\nnoop()", CodeOrigin.of("test")).isEmpty());
    }

    @Test
    void compileErrorsNameTheCellLineAndColumn() {
        CellException error = assertThrows(CellException.class,
                () -> evaluator.eval("int ok = 1;\n\nString s = 42;", new CodeOrigin("In [5]", 3)));
        assertEquals("CompilationError", error.name());
        assertTrue(error.value().startsWith("In [5] line 5, column 12: incompatible types"), error.value());
        assertEquals(5, error.line().getAsInt());
        assertTrue(error.traceback().contains("               ^"), error.traceback()::toString);
    }

    @Test
    void exceptionsPointAtTheCellLineAndVariablesSurvive() throws CellException {
        evaluator.eval("int before = 10;", CodeOrigin.of("test"));
        CellException error = assertThrows(CellException.class,
                () -> evaluator.eval("int during = 1;\nObject o = null;\no.hashCode();", CodeOrigin.of("cell 2")));
        assertEquals("NullPointerException", error.name());
        assertEquals(3, error.line().getAsInt());
        assertFalse(error.value().contains("$JShell"), error.value());
        assertEquals(11, value("before + during"));
    }

    @Test
    void causesAreShown() {
        CellException error = assertThrows(CellException.class,
                () -> evaluator.eval("throw new RuntimeException(\"outer\", new java.io.IOException(\"inner\"));", CodeOrigin.of("c")));
        assertTrue(error.traceback().stream().anyMatch(l -> l.startsWith("Caused by: java.io.IOException: inner")),
                error.traceback()::toString);
    }

    @Test
    void aFailingModuleCallShowsTheModulePathAndTheCellLineWithTheEngineFolded() {
        CellException error = assertThrows(CellException.class, () -> evaluator.eval(
                "var model = new Sequential(new Linear(4, 3), new ReLU());\nmodel.call(Tensor.ones(2, 5));",
                CodeOrigin.of("In [12]")));
        List<String> trace = error.traceback();
        assertEquals(List.of(
                "dev.hookbook.nn.ModuleException: 0 (Linear 4->3): expected input [*, 4], got [2, 5]",
                "    at In [12] line 2"), trace.subList(0, 2));
        assertTrue(trace.get(2).matches("    \\.\\.\\. \\d+ frames in Hookbook and the JDK"), trace.toString());
        assertEquals(3, trace.size(), trace.toString());
    }

    @Test
    void aStackOverflowShowsTheRecursionOnceWithItsCount() {
        CellException error = assertThrows(CellException.class, () -> evaluator.eval(
                "int down(int n) {\n    return down(n + 1) + 1;\n}\ndown(0);", CodeOrigin.of("In [3]")));
        List<String> trace = error.traceback();
        assertEquals("java.lang.StackOverflowError", trace.get(0));
        assertEquals("    at down(In [3] line 2)", trace.get(1));
        assertTrue(trace.get(2).matches("    \\.\\.\\. the frame above repeats [\\d,]+ more times"), trace.toString());
        assertTrue(trace.size() <= 5, trace.toString());
    }

    @Test
    void redefiningAMethodKeepsVariables() throws CellException {
        evaluator.eval("int twice(int x) { return 2 * x; }\nint kept = twice(5);", CodeOrigin.of("a"));
        evaluator.eval("int twice(int x) { return x + x + 0; }", CodeOrigin.of("b"));
        assertEquals(10, value("kept"));
        assertEquals(8, value("twice(4)"));
    }

    @Test
    void stopEndsABusyLoopAndTheSessionGoesOn() throws Exception {
        evaluator.eval("int survivor = 1;", CodeOrigin.of("a"));
        CompletableFuture<CellException> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.eval("while (true) { }", CodeOrigin.of("loop"));
                return null;
            } catch (CellException e) {
                return e;
            }
        });
        Thread.sleep(500);
        assertFalse(running.isDone());
        long start = System.nanoTime();
        evaluator.stop();
        CellException error = running.get(5, TimeUnit.SECONDS);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000);
        assertEquals("Interrupted", error.name());
        assertEquals(2, value("survivor + 1"));
    }

    @Test
    void anInterruptDuringCompilationStillStopsTheLoop() throws Exception {
        CompletableFuture<CellException> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.eval("long spins = 0;\nwhile (true) { spins++; }", CodeOrigin.of("loop"));
                return null;
            } catch (CellException e) {
                return e;
            }
        });
        while (!evaluator.evaluating()) {
            Thread.onSpinWait();
        }
        // Most likely JShell is still compiling: the loop must be stopped once it starts.
        evaluator.stop();
        assertEquals("Interrupted", running.get(5, TimeUnit.SECONDS).name());
        assertEquals(3, value("1 + 2"));
    }

    @Test
    void completesMembers() {
        Completions completions = evaluator.complete("int k = 1;\nTensor.ran", 21);
        assertTrue(completions.matches().stream().anyMatch(m -> m.startsWith("randn")), completions::toString);
        assertEquals(18, completions.start());
        assertEquals(21, completions.end());
    }

    @Test
    void analysesCompleteness() {
        assertEquals(Completeness.Status.INCOMPLETE, evaluator.isComplete("if (true) {").status());
        assertEquals("    ", evaluator.isComplete("if (true) {").indent());
        assertEquals(Completeness.Status.COMPLETE, evaluator.isComplete("int q = 1;\nq + 1").status());
        assertEquals(Completeness.Status.INVALID, evaluator.isComplete("int = ;").status());
    }

    @Test
    void inspectsMethodsAndVariables() throws CellException {
        assertTrue(evaluator.inspect("Math.abs", 6).orElseThrow().contains("abs("));
        evaluator.eval("var inspected = \"text\";", CodeOrigin.of("a"));
        assertTrue(evaluator.inspect("inspected", 4).orElseThrow().contains("String"));
    }
}

package dev.hookbook.kernel.eval;

import dev.hookbook.kernel.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Completion, inspection and is_complete do not wait behind a running cell: they are answered
 * from an analysis-only JShell, which knows the imports and the class path but not the session's
 * variables; once the cell has ended the session's own JShell answers again.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AnalysisWhileACellRunsTest {

    @Test
    void theAnalysisAnswersWhileACellRunsAndTheSessionsVariablesComeBackAfter() throws Exception {
        try (Evaluator evaluator = new Evaluator(List.of(TestPaths.kernelClassPath().split(File.pathSeparator)))) {
            evaluator.eval("int sessionVariable = 1;", CodeOrigin.of("test"));
            CompletableFuture<CellException> cell = CompletableFuture.supplyAsync(() -> {
                try {
                    evaluator.eval("while (true) { Thread.sleep(20); }", CodeOrigin.of("busy"));
                    return null;
                } catch (CellException e) {
                    return e; // stopped below
                }
            });
            while (!evaluator.evaluating()) {
                Thread.sleep(10);
            }
            // Generous for a loaded machine; without the analysis JShell these wait for good.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                assertTrue(evaluator.complete("Tensor.zer", 10).matches().contains("zeros("),
                        () -> evaluator.complete("Tensor.zer", 10).toString());
                assertEquals(Completeness.Status.INCOMPLETE, evaluator.isComplete("for (int i = 0; i < 3; i++) {").status());
                assertTrue(evaluator.inspect("Tensor.zeros", 12).orElseThrow().contains("zeros"));
                assertTrue(evaluator.complete("sessionVar", 10).matches().isEmpty(), "the analysis has no session variables");
            });
            assertFalse(cell.isDone(), () -> "the cell ended early: " + cell.join());
            evaluator.stop();
            assertEquals("Interrupted", cell.get(60, TimeUnit.SECONDS).name());
            assertEquals(List.of("sessionVariable"), evaluator.complete("sessionVar", 10).matches());
            assertThrows(IllegalArgumentException.class, () -> evaluator.addToClasspath("/no/such.jar"));
        }
    }
}

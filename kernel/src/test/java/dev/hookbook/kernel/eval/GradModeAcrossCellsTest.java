package dev.hookbook.kernel.eval;

import dev.hookbook.kernel.TestPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grad mode is a setting of the session, as {@code torch.set_grad_enabled(False)} is of a
 * Python one: set by a statement (a scope left open), it holds for the statements and cells
 * after it, though JShell runs each statement on a fresh thread; try-with-resources still
 * scopes it to its block.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GradModeAcrossCellsTest {

    private Evaluator evaluator;

    @BeforeEach
    void start() {
        evaluator = new Evaluator(List.of(TestPaths.kernelClassPath().split(File.pathSeparator)));
    }

    @AfterEach
    void close() {
        evaluator.close();
    }

    private Object value(String code) throws CellException {
        Optional<Evaluator.Result> result = evaluator.eval(code, CodeOrigin.of("test"));
        assertTrue(result.isPresent(), "no value from " + code);
        return result.get().value();
    }

    @Test
    void noGradAsAStatementHoldsInTheSameCellAndTheNext() throws CellException {
        assertEquals(true, value("Autograd.isGradEnabled()"));
        assertEquals(false, value("var ng = Autograd.noGrad();\nAutograd.isGradEnabled()"));
        assertEquals(false, value("Autograd.isGradEnabled()"));
        assertEquals(true, value("var w = Tensor.ones(2).requiresGrad(true);\nw.mul(2f).gradFn() == null"), "nothing is recorded");
        assertEquals(true, value("ng.close();\nAutograd.isGradEnabled()"), "a later cell closes the scope");
        assertEquals(false, value("w.mul(2f).gradFn() == null"));
    }

    @Test
    void setGradEnabledAsAStatementHoldsUntilSetAgain() throws CellException {
        evaluator.eval("Autograd.setGradEnabled(false);", CodeOrigin.of("test"));
        assertEquals(false, value("Autograd.isGradEnabled()"));
        evaluator.eval("Autograd.setGradEnabled(true);", CodeOrigin.of("test"));
        assertEquals(true, value("Autograd.isGradEnabled()"));
    }

    @Test
    void tryWithResourcesStillScopesTheModeToItsBlock() throws CellException {
        assertEquals(false, value("boolean inside;\ntry (var g = Autograd.noGrad()) { inside = Autograd.isGradEnabled(); }\ninside"));
        assertEquals(true, value("Autograd.isGradEnabled()"));
    }

    @Test
    void aThreadACellStartsHasAModeOfItsOwn() throws CellException {
        evaluator.eval("Autograd.setGradEnabled(false);", CodeOrigin.of("test"));
        assertEquals(true, value("boolean[] seen = new boolean[1];\nvar t = new Thread(() -> seen[0] = Autograd.isGradEnabled());\n"
                + "t.start();\nt.join();\nseen[0]"));
    }
}

package dev.hookbook.kernel.eval;

import dev.hookbook.kernel.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a session lets go of: values no name reaches any more (a redeclared variable's old value,
 * an expression statement's value) are collectable; what a name reaches stays.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EvaluatorMemoryTest {

    static Evaluator evaluator;

    @BeforeAll
    static void start() throws CellException {
        evaluator = new Evaluator(List.of(TestPaths.kernelClassPath().split(File.pathSeparator)));
        // Objects made through track(...) are watched through weak references from the session itself.
        run("var watched = new ArrayList<java.lang.ref.WeakReference<Object>>();");
        run("Object track(Object o) { watched.add(new java.lang.ref.WeakReference<>(o)); return o; }");
        run("boolean collected(int i) { for (int n = 0; n < 20 && watched.get(i).get() != null; n++) System.gc(); return watched.get(i).get() == null; }");
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    static void run(String code) throws CellException {
        evaluator.eval(code, CodeOrigin.of("test"));
    }

    static Object value(String code) throws CellException {
        return evaluator.eval(code, CodeOrigin.of("test")).orElseThrow().value();
    }

    @Test
    void aRedeclaredVariableLetsGoOfItsOldValue() throws CellException {
        int index = (Integer) value("watched.size()");
        run("var big = track(new byte[1_000_000]);");
        run("var big = new byte[10];");
        assertEquals(true, value("collected(" + index + ")"));
        assertEquals(10, value("((byte[]) big).length"));
    }

    @Test
    void anExpressionStatementsValueIsNotKept() throws CellException {
        int index = (Integer) value("watched.size()");
        run("track(new byte[1_000_000]);");
        assertEquals(true, value("collected(" + index + ")"));
    }

    @Test
    void whatANameReachesStays() throws CellException {
        int index = (Integer) value("watched.size()");
        run("var kept = track(new byte[1_000]);");
        run("String kept2 = \"other\";");
        assertEquals(false, value("collected(" + index + ")"));
        run("int counter = 1;");
        run("counter = counter + 1;");
        assertEquals(2, value("counter"));
    }

    @Test
    void aMethodSeesTheRedeclaredVariable() throws CellException {
        run("String label = \"first\";");
        run("String label() { return label; }");
        run("String label = \"second\";");
        assertEquals("second", value("label()"));
        assertThrows(CellException.class, () -> run("Object old = $999;"));
    }

    @Test
    void aCellsResultIsHandedOnAndNotKeptBehindIt() throws CellException {
        int index = (Integer) value("watched.size()");
        Object result = value("track(new byte[1_000_000])");
        assertEquals(1_000_000, ((byte[]) result).length);
        result = null;
        assertEquals(true, value("collected(" + index + ")"));
    }
}

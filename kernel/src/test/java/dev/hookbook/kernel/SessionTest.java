package dev.hookbook.kernel;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.eval.StandardStreams;
import dev.hookbook.kernel.render.Renderers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cells through a session, as the kernel and the runner run them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionTest {

    @TempDir
    static Path directory;
    static Session session;
    static SessionGlobals globals;

    @BeforeAll
    static void start() {
        session = TestPaths.newSession(directory);
        globals = SessionGlobals.install(session.renderers(), null, null); // as the kernel and the runner do
    }

    @AfterAll
    static void close() {
        globals.close();
        session.close();
    }

    @Test
    void aCellCanRegisterARendererForItsOwnType() throws CellException {
        MimeBundle bundle = session.run(String.join("\n",
                "import dev.hookbook.kernel.render.*;",
                "record Point(int x, int y) {}",
                "Renderers.current().register(Point.class, p -> MimeBundle.html(\"<b>\" + p.x() + \",\" + p.y() + \"</b>\", p.toString()));",
                "new Point(1, 2)"), "cell 1").orElseThrow();
        assertEquals("<b>1,2</b>", bundle.data().get(MimeBundle.HTML));
        assertEquals("Point[x=1, y=2]", bundle.plainText());
    }

    @Test
    void resultsAreRenderedByType() throws CellException {
        MimeBundle tensor = session.run("Tensor.ones(2, 2)", "cell 2").orElseThrow();
        assertTrue(tensor.data().containsKey(MimeBundle.HTML));
        MimeBundle module = session.run("new Sequential(new Linear(2, 1), new ReLU())", "cell 3").orElseThrow();
        assertTrue(module.plainText().startsWith("Sequential("), module.plainText());
    }

    private static final String TIMES = "CPU times: user [^,]+, sys: [^,]+, total: [^\\n]+\nWall time: [^\\n]+\n";

    /** What the cell prints, and its result as text. */
    private static String[] runPrinting(String cell, String label) throws CellException {
        StringBuilder printed = new StringBuilder();
        Optional<MimeBundle> result;
        try (StandardStreams.Redirection ignored = StandardStreams.redirect((stream, text) -> printed.append(text))) {
            result = session.run(cell, label);
        }
        return new String[] {printed.toString(), result.map(MimeBundle::plainText).orElse(null)};
    }

    @Test
    void timeALinePrintsItsTimesAndKeepsItsValueAndEffects() throws CellException {
        String[] run = runPrinting("%time int timed = 6 * 7;", "cell 4");
        assertTrue(run[0].matches(TIMES), run[0]);
        run = runPrinting("int before = 1;\n%time timed + before", "cell 5");
        assertTrue(run[0].matches(TIMES), run[0]);
        assertEquals("43", run[1]);
    }

    @Test
    void timeACellPrintsItsTimesAfterItsOutputAndKeepsItsResult() throws CellException {
        String[] run = runPrinting("%%time\nSystem.out.println(\"working\");\n2 + 3", "cell 6");
        assertTrue(run[0].matches("working\n" + TIMES), run[0]);
        assertEquals("5", run[1]);
        CellException error = assertThrows(CellException.class, () -> session.run("%%time\nint ok = 1;\nthrow new IllegalStateException();", "cell 7"));
        assertEquals(3, error.line().getAsInt(), "lines are counted from the %%time line");
    }

    @Test
    void isCompleteAndCompletionIgnoreMagicLines() {
        assertEquals("complete", session.isComplete("%chartformat png\nint x = 1;").status().jupyterName());
        assertTrue(session.complete("%lsmagic\nTensor.ran", 19).matches().stream().anyMatch(m -> m.startsWith("randn")));
    }
}

package dev.hookbook.kernel;

import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.render.MimeBundle;
import dev.hookbook.kernel.render.Renderers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void isCompleteAndCompletionIgnoreMagicLines() {
        assertEquals("complete", session.isComplete("%chartformat png\nint x = 1;").status().jupyterName());
        assertTrue(session.complete("%lsmagic\nTensor.ran", 19).matches().stream().anyMatch(m -> m.startsWith("randn")));
    }
}

package dev.hookbook.kernel;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.kernel.eval.StandardStreams;
import dev.hookbook.kernel.render.Renderers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A session's process-wide state: installed together, put back together. */
class SessionGlobalsTest {

    private static final Display SOME_DISPLAY = value -> DisplayHandle.of("some", newValue -> { });

    @Test
    void installsTheSessionsGlobalsAndCloseRestoresThoseThatWereThere() {
        Renderers renderersBefore = Renderers.current();
        Optional<Display> displayBefore = Display.current();
        List<String> printedBefore = new CopyOnWriteArrayList<>();
        List<String> printedInSession = new CopyOnWriteArrayList<>();
        Renderers renderers = new Renderers();
        StandardStreams.Redirection before = StandardStreams.redirect((stream, text) -> printedBefore.add(text));
        SessionGlobals globals = SessionGlobals.install(renderers,
                (stream, text) -> printedInSession.add(stream.jupyterName() + ": " + text), SOME_DISPLAY);
        try {
            assertSame(renderers, Renderers.current());
            assertSame(SOME_DISPLAY, Display.current().orElseThrow());
            System.out.print("to the session");
            System.err.print("also");

            globals.close();
            assertSame(renderersBefore, Renderers.current());
            assertEquals(displayBefore, Display.current());
            System.out.print("to what was there before");
        } finally {
            globals.close();
            before.close();
        }
        assertEquals(List.of("stdout: to the session", "stderr: also"), printedInSession);
        assertEquals(List.of("to what was there before"), printedBefore);
    }

    @Test
    void closingTwicePutsBackOnlyOnce() {
        Renderers before = Renderers.current();
        SessionGlobals first = SessionGlobals.install(new Renderers(), null, null);
        first.close();
        Renderers second = new Renderers();
        SessionGlobals later = SessionGlobals.install(second, null, SOME_DISPLAY);
        try {
            first.close();
            assertSame(second, Renderers.current(), "the later session's renderers stay");
            assertSame(SOME_DISPLAY, Display.current().orElseThrow(), "and so does its display");
        } finally {
            later.close();
        }
        assertSame(before, Renderers.current());
    }
}

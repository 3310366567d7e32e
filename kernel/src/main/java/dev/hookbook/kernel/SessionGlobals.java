package dev.hookbook.kernel;

import dev.hookbook.display.Display;
import dev.hookbook.kernel.eval.InputSource;
import dev.hookbook.kernel.eval.OutputSink;
import dev.hookbook.kernel.eval.StandardInput;
import dev.hookbook.kernel.eval.StandardStreams;
import dev.hookbook.kernel.render.Renderers;

/**
 * The process-wide state a running notebook session needs, installed in one go and put back on
 * {@link #close()}: the renderers {@link Renderers#current()} returns (a cell registers its own
 * there), where {@code System.out} and {@code System.err} go, where {@code System.in} reads from, and the {@link Display} that
 * {@code display(...)} and the viz's live charts reach. The kernel installs them when it connects,
 * for the life of its process; the runner around the cells of a notebook.
 *
 * <p>Several may be nested; close them in the reverse order (try-with-resources does).
 */
public final class SessionGlobals implements AutoCloseable {

    private final Renderers previousRenderers;
    private final StandardStreams.Redirection output;
    private final StandardStreams.Redirection input;
    private final Display previousDisplay;
    private boolean closed;

    private SessionGlobals(Renderers renderers, OutputSink output, Display display, InputSource input) {
        this.previousRenderers = Renderers.install(renderers);
        this.output = StandardStreams.redirect(output);
        this.input = StandardInput.redirect(input);
        this.previousDisplay = Display.install(display);
    }

    /**
     * Makes {@code renderers} the current ones, sends what is printed to {@code output} (null: to
     * the process's own streams) and installs {@code display} (null: none).
     */
    public static SessionGlobals install(Renderers renderers, OutputSink output, Display display) {
        return new SessionGlobals(renderers, output, display, null);
    }

    /** As {@link #install(Renderers, OutputSink, Display)}, and reads of {@code System.in} go to {@code input} (null: the process's own input). */
    public static SessionGlobals install(Renderers renderers, OutputSink output, Display display, InputSource input) {
        return new SessionGlobals(renderers, output, display, input);
    }

    /** Puts back the renderers, the streams' target and the display that were there before; twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Display.install(previousDisplay);
        input.close();
        output.close();
        Renderers.install(previousRenderers);
    }
}

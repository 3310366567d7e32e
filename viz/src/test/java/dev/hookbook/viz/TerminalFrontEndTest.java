package dev.hookbook.viz;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.viz.live.LiveViews;
import dev.hookbook.viz.live.NotebookView;
import dev.hookbook.viz.live.PngDirectoryView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A front end that draws no output updates ({@code jupyter console}): a progress bar there is
 * the terminal line on the cell's standard error, and live charts go to files, since an output
 * shown once would stay at its first state.
 */
class TerminalFrontEndTest {

    /** A display whose front end prints each output once and draws no updates. */
    private static final class ConsoleDisplay implements Display {
        final List<Object> shown = new ArrayList<>();
        final List<Runnable> cellEnd = new ArrayList<>();
        boolean updates;

        @Override
        public DisplayHandle display(Object value) {
            shown.add(value);
            return DisplayHandle.of("x", shown::add);
        }

        @Override
        public void atCellEnd(Runnable action) {
            cellEnd.add(action);
        }

        @Override
        public boolean updatesInPlace() {
            return updates;
        }
    }

    private long now = 1_000_000_000L;

    @Test
    void aProgressBarIsALineRedrawnOnStandardErrorAndTheCellEndClosesIt() {
        ConsoleDisplay console = new ConsoleDisplay();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress progress = Progress.start(4, "epoch 1", () -> now, console, new PrintStream(err, true, StandardCharsets.UTF_8));
        now += 1_000_000_000L;
        progress.step(2);
        console.cellEnd.forEach(Runnable::run);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(console.shown.isEmpty(), "nothing goes to the display: " + console.shown);
        assertTrue(text.startsWith("\repoch 1:   0%|"), text);
        assertTrue(text.contains("\repoch 1:  50%|██████████          | 2/4 [00:01<00:01, 2.0 it/s]"), text);
        assertTrue(text.endsWith("\n"), "the cell's end closes the bar and ends its line: " + text);
    }

    @Test
    void aFrontEndThatRedrawsGetsTheNotebookBar() {
        ConsoleDisplay notebook = new ConsoleDisplay();
        notebook.updates = true;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress.start(4, "epoch 1", () -> now, notebook, new PrintStream(err, true, StandardCharsets.UTF_8)).close();
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(!notebook.shown.isEmpty());
    }

    @Test
    void liveChartsGoToFilesWhenTheFrontEndDrawsNoUpdates(@TempDir Path directory) {
        ConsoleDisplay console = new ConsoleDisplay();
        Display previous = Display.install(console);
        try {
            assertInstanceOf(PngDirectoryView.class, LiveViews.forEnvironment("monitor", directory));
            console.updates = true;
            assertInstanceOf(NotebookView.class, LiveViews.forEnvironment("monitor", directory));
        } finally {
            Display.install(previous);
        }
    }
}

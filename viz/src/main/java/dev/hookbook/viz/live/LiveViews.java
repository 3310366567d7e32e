package dev.hookbook.viz.live;

import dev.hookbook.display.Display;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.Optional;

/** Picks where live charts go: the running notebook, else a window, else PNG files. */
public final class LiveViews {
    private LiveViews() {}

    /**
     * A notebook output when a notebook display is installed (the kernel and the runner install
     * one) and its front end redraws updated outputs; PNG files in {@code directory} when the
     * front end draws no updates ({@code jupyter console}); else a Swing window when there is a
     * screen that answers; else PNG files in {@code directory}.
     */
    public static LiveView forEnvironment(String windowTitle, Path directory) {
        Optional<Display> display = Display.current();
        if (display.isPresent() && display.get().updatesInPlace()) return new NotebookView(display.get());
        // A front end that draws no updates (jupyter console) gets files rewritten live, with their paths.
        if (display.isPresent()) return new PngDirectoryView(directory, System.out);
        Screen.settle();
        if (!GraphicsEnvironment.isHeadless()) return new SwingWindowView(windowTitle);
        return new PngDirectoryView(directory, System.out);
    }
}

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
     * one); else a Swing window when there is a screen that answers; else PNG files in
     * {@code directory}.
     */
    public static LiveView forEnvironment(String windowTitle, Path directory) {
        Optional<Display> display = Display.current();
        if (display.isPresent()) return new NotebookView(display.get());
        Screen.settle();
        if (!GraphicsEnvironment.isHeadless()) return new SwingWindowView(windowTitle);
        return new PngDirectoryView(directory, System.out);
    }
}

package dev.hookbook.kernel.eval;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.render.ImageFiles;
import dev.hookbook.kernel.render.Renderers;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code display(Object)} function of the start-up script. In a notebook (the kernel or the
 * runner) it shows the value as a rich output; in plain JShell, where no display is installed,
 * it prints the value, and {@code update} prints the new one. A value that renders as an image
 * (a chart, a {@code BufferedImage}, a {@code GraphView}) is written instead as a PNG file in
 * {@code ./hookbook-charts}, as {@code Monitor.show()} writes its charts without a screen, and
 * its path is printed; {@code update} rewrites that file.
 */
public final class DisplayFunction {

    private static final AtomicInteger CONSOLE_IDS = new AtomicInteger();

    private DisplayFunction() {}

    /** Shows {@code value} now and returns a handle whose {@code update} replaces it. */
    public static DisplayHandle display(Object value) {
        return Display.current()
                .map(display -> display.display(value))
                .orElseGet(() -> printed(value));
    }

    private static DisplayHandle printed(Object value) {
        int id = CONSOLE_IDS.incrementAndGet();
        PrintedHandle handle = new PrintedHandle("console-" + id, ImageFiles.DIRECTORY.resolve("display-" + id + ".png"));
        handle.show(value, true);
        return handle;
    }

    /** A display outside a notebook: updating it prints the new value, or rewrites its image file. */
    private record PrintedHandle(String id, Path imageFile) implements DisplayHandle {
        @Override
        public void update(Object newValue) {
            show(newValue, false);
        }

        /** Prints {@code value}, or writes its image (the path printed the first time only, as live chart files are). */
        void show(Object value, boolean first) {
            MimeBundle bundle = Renderers.current().render(value);
            Optional<Path> written = ImageFiles.writePng(bundle, imageFile);
            if (written.isEmpty()) {
                System.out.println(value);
            } else if (first) {
                System.out.println(ImageFiles.savedLine(bundle, written.get()));
            }
        }
    }
}

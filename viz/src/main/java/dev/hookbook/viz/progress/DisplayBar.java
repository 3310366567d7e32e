package dev.hookbook.viz.progress;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.Html;

/**
 * A progress bar as one notebook output, replaced in place at each draw: an HTML bar, with the
 * text line for front ends that show only text. A few draws a second keep it moving without
 * flooding the notebook's messages.
 */
public final class DisplayBar implements ProgressView {
    private static final long INTERVAL = 250_000_000L;

    private final Display display;
    private DisplayHandle handle;

    public DisplayBar(Display display) {
        this.display = display;
    }

    @Override
    public long intervalNanos() {
        return INTERVAL;
    }

    @Override
    public void draw(ProgressState state) {
        Html bar = new Html(state.html(), state.text());
        if (handle == null) {
            handle = display.display(bar);
        } else {
            handle.update(bar);
        }
    }
}

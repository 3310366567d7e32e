package dev.hookbook.viz.progress;

import dev.hookbook.display.Display;

/**
 * A progress bar's state as a line every few seconds through {@link Display#status}, so a
 * headless notebook run shows on its console how far a long cell has got. Nothing is printed
 * before the first step: the runner already prints the bar's output when it is first shown.
 */
public final class StatusLines implements ProgressView {
    private static final long INTERVAL = 2_000_000_000L;

    private final Display display;

    public StatusLines(Display display) {
        this.display = display;
    }

    @Override
    public long intervalNanos() {
        return INTERVAL;
    }

    @Override
    public void draw(ProgressState state) {
        if (state.finished() || state.count() > 0) {
            display.status(state.text());
        }
    }
}

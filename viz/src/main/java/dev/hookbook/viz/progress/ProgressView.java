package dev.hookbook.viz.progress;

/** Where a progress bar is drawn: a notebook output, a runner's console, a terminal line. */
public interface ProgressView {

    /** The least time between two draws; the last state is drawn whatever the time. */
    long intervalNanos();

    /** Shows {@code state}; {@code state.finished()} is set on the last call. */
    void draw(ProgressState state);
}

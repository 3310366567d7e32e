package dev.hookbook.viz.progress;

import java.io.PrintStream;

/**
 * A progress bar as one console line, redrawn over itself with a carriage return, as tqdm
 * draws in a terminal or JShell; the last state ends the line.
 */
public final class TerminalLine implements ProgressView {
    private static final long INTERVAL = 100_000_000L;

    private final PrintStream out;
    private int drawnLength;

    public TerminalLine(PrintStream out) {
        this.out = out;
    }

    @Override
    public long intervalNanos() {
        return INTERVAL;
    }

    @Override
    public void draw(ProgressState state) {
        String line = state.text();
        // Spaces wipe what is left of a longer line drawn before.
        String wipe = " ".repeat(Math.max(0, drawnLength - line.length()));
        drawnLength = line.length();
        out.print("\r" + line + wipe);
        if (state.finished()) {
            out.println();
        }
        out.flush();
    }
}

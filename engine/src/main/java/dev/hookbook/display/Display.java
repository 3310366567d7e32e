package dev.hookbook.display;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where rich output goes. The Jupyter kernel and the notebook runner install themselves here
 * while they run, so library code (such as the viz's live charts) can show values in the
 * notebook without depending on the kernel. Outside a notebook nothing is installed.
 */
public interface Display {

    /**
     * Shows {@code value} now, rendered like a cell's result, and returns a handle to update it.
     * The value is rendered before this returns (and by {@link DisplayHandle#update} before it
     * returns): a caller may change it afterwards, as the live charts draw their next frame into
     * an image shown before.
     */
    DisplayHandle display(Object value);

    /**
     * Runs {@code action} once, when the running cell ends and before its outputs are final, so a
     * live output (such as the viz's charts) can show its final state. The kernel and the runner
     * run these actions; a display that has no cells ignores them.
     */
    default void atCellEnd(Runnable action) {}

    /**
     * A one-line report on the running cell for whoever watches a headless run from outside the
     * notebook, such as a progress bar's state every few seconds: the notebook runner prints it on
     * its console, and it is no part of the notebook. A kernel, whose outputs a person watches
     * change in place, ignores it.
     */
    default void status(String line) {}

    /**
     * Whether the front end redraws an output when {@link DisplayHandle#update} replaces it, as
     * Jupyter Notebook, JupyterLab and VS Code do. A terminal front end ({@code jupyter console})
     * shows an output once, as text, and draws no updates: there a progress bar is drawn as a
     * text line and live charts are written to files instead (as in JShell).
     */
    default boolean updatesInPlace() {
        return true;
    }

    /** The display of the running notebook, if there is one. */
    static Optional<Display> current() {
        return Optional.ofNullable(Holder.CURRENT.get());
    }

    /** Installs (or, with null, removes) the notebook's display; returns the one it replaces. */
    static Display install(Display display) {
        return Holder.CURRENT.getAndSet(display);
    }

    /** Keeps the installed display out of the interface's public surface. */
    final class Holder {
        private static final AtomicReference<Display> CURRENT = new AtomicReference<>();

        private Holder() {}
    }
}

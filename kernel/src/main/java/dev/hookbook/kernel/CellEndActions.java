package dev.hookbook.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link dev.hookbook.display.Display#atCellEnd} booked during a cell, run once when the
 * cell ends. An action that throws is reported and does not stop the others.
 */
public final class CellEndActions {
    private final List<Runnable> actions = new ArrayList<>();

    public synchronized void add(Runnable action) {
        actions.add(action);
    }

    /** Runs and forgets every booked action, in booking order; actions booked meanwhile run too. */
    public void runAll(PrintStream errors) {
        while (true) {
            List<Runnable> now;
            synchronized (this) {
                if (actions.isEmpty()) return;
                now = new ArrayList<>(actions);
                actions.clear();
            }
            for (Runnable action : now) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    errors.println("an action at the end of the cell failed: " + e);
                }
            }
        }
    }
}

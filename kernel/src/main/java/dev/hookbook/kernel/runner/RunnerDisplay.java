package dev.hookbook.kernel.runner;

import com.google.gson.JsonObject;
import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.CellEndActions;
import dev.hookbook.kernel.render.Renderers;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code display(value)} in the headless runner: adds a display_data output to the running cell
 * and prints a line about it; {@code update} replaces that output's data in place, as Jupyter
 * does with {@code update_display_data}, so the saved notebook holds the final state.
 */
final class RunnerDisplay implements Display {

    private final CellEndActions atCellEnd = new CellEndActions();
    private final Supplier<Renderers> renderers;
    private final PrintStream console;
    // Ids are counted, not random, so two runs of a notebook write the same file.
    private final AtomicInteger ids = new AtomicInteger();
    private volatile CellOutputs cell;

    RunnerDisplay(Supplier<Renderers> renderers, PrintStream console) {
        this.renderers = renderers;
        this.console = console;
    }

    @Override
    public void atCellEnd(Runnable action) {
        atCellEnd.add(action);
    }

    /** Prints the line on the console only: the notebook keeps the outputs, not these reports. */
    @Override
    public void status(String line) {
        console.println(line);
    }

    /** Runs what was booked for the end of the cell, while its outputs can still change. */
    void cellEnded() {
        atCellEnd.runAll(System.err);
    }

    /** The cell that displays go to from now on. */
    void cell(CellOutputs outputs) {
        this.cell = outputs;
    }

    @Override
    public DisplayHandle display(Object value) {
        String id = "display-" + ids.incrementAndGet();
        MimeBundle bundle = renderers.get().render(value);
        JsonObject output = cell.display(bundle);
        console.println(NotebookRunner.describe(bundle));
        return DisplayHandle.of(id, newValue -> {
            MimeBundle updated = renderers.get().render(newValue);
            synchronized (output) {
                CellOutputs.setBundle(output, updated);
            }
        });
    }
}

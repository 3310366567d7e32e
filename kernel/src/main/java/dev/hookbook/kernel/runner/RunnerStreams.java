package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.eval.OutputSink;

import java.io.PrintStream;

/**
 * What cells print, in the headless runner: added to the running cell's outputs and shown on the
 * console as it comes. Between cells (a thread a cell started may go on printing) it is only shown.
 */
final class RunnerStreams implements OutputSink {

    private final PrintStream console;
    private final PrintStream errors;
    private volatile CellOutputs cell;

    RunnerStreams(PrintStream console, PrintStream errors) {
        this.console = console;
        this.errors = errors;
    }

    /** The cell whose outputs get what is printed from now on; null between cells. */
    void cell(CellOutputs outputs) {
        this.cell = outputs;
    }

    @Override
    public void write(Stream stream, String text) {
        CellOutputs outputs = cell;
        if (outputs != null) {
            outputs.stream(stream.jupyterName(), text);
        }
        (stream == Stream.STDERR ? errors : console).print(text);
    }
}

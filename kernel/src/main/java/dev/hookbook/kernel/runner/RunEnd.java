package dev.hookbook.kernel.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The end of a run, which comes once: the run's files are written and the console says so. It
 * normally comes after the last cell; it comes from the timer instead when a cell that ran out of
 * time does not stop, and then the cell's thread must not end the run a second time.
 */
final class RunEnd {

    private final Notebook notebook;
    private final OutputFiles files;
    private final Path notebookFile;
    private final PrintStream console;
    private boolean claimed;

    RunEnd(Notebook notebook, OutputFiles files, Path notebookFile, PrintStream console) {
        this.notebook = notebook;
        this.files = files;
        this.notebookFile = notebookFile;
        this.console = console;
    }

    /** True for the first caller only, who then {@linkplain #write writes}; later callers must leave the end to it. */
    synchronized boolean claim() {
        boolean first = !claimed;
        claimed = true;
        return first;
    }

    /** Writes the notebook as it stands, its page and its images; {@code status} 0 if every cell ran. */
    void write(int status) throws IOException {
        // Noted after the cells, which have usually looked for devices already (a look costs an OpenCL start).
        notebook.noteDevices(RunDevices.ofThisMachine());
        // Whatever stopped the run, the cells done so far and the failed one are kept.
        files.write(notebook);
        console.println((status == 0 ? "Ran " : "Stopped ") + notebookFile.getFileName() + "; wrote " + files.notebook()
                + " and " + files.page());
    }
}

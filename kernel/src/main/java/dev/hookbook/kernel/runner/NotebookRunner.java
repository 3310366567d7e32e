package dev.hookbook.kernel.runner;

import com.google.gson.JsonObject;
import dev.hookbook.Hookbook;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.KernelNames;
import dev.hookbook.kernel.MemoryGuard;
import dev.hookbook.kernel.Session;
import dev.hookbook.kernel.SessionGlobals;
import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.eval.InputSource;
import dev.hookbook.kernel.eval.StandardStreams;
import dev.hookbook.kernel.render.Renderers;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./jnb run NOTEBOOK.ipynb [--out DIR] [--timeout SECONDS]}: executes a notebook without Jupyter or Python,
 * through the same session, renderers and display as the kernel.
 *
 * <p>Prints a progress line per code cell ({@code [3/12] first line of the cell}) and the cell's
 * output as it comes; writes the executed notebook, an HTML page and each image as a PNG into
 * the output directory ({@code out/} beside the notebook by default). The first failing cell
 * stops the run: the files are still written (with the error), and the runner exits with status
 * 1 after naming the cell, its failing line and the error. A cell still running after the
 * timeout ({@link CellTimeout#DEFAULT} unless {@code --timeout} says otherwise; 0 for none) is
 * stopped and fails the same way; one that does not stop (it catches the stop) is given up
 * {@link CellTimeout#GRACE} later, and the run ends all the same with its files written. So
 * does a cell stopped by SIGINT or SIGTERM, then with the signal's exit status. A signal after
 * the last cell lets the files be written first. The global seed is set to 0 first, so
 * two runs give the same outputs.
 */
public final class NotebookRunner {

    /** What a cell that reads System.in gets: the run has no one to type. */
    public static final String NO_INPUT = "System.in: ./jnb run takes no input while it runs a notebook;"
            + " give the cell its data as a value or a file instead";

    private final PrintStream console;
    private final PrintStream errors;

    NotebookRunner(PrintStream console, PrintStream errors) {
        this.console = console;
        this.errors = errors;
    }

    public static void main(String[] args) {
        NotebookRunner runner = new NotebookRunner(StandardStreams.originalOut(), StandardStreams.originalErr());
        int status;
        CommandLine command = Arguments.commandLine();
        try {
            Arguments arguments = Arguments.parse(command, args);
            if (arguments == null) { // --help or --version
                if (command.isUsageHelpRequested()) {
                    command.usage(StandardStreams.originalOut());
                } else {
                    command.printVersionHelp(StandardStreams.originalOut());
                }
                System.exit(0);
            }
            status = runner.run(arguments.notebook(), arguments.outDirectory(), arguments.timeout());
        } catch (IllegalArgumentException e) {
            StandardStreams.originalErr().println("jnb run: " + e.getMessage());
            command.usage(StandardStreams.originalErr());
            status = 2;
        } catch (IOException e) {
            StandardStreams.originalErr().println("jnb run: " + e);
            status = 1;
        }
        // Threads a notebook started (a live chart, say) must not keep the runner alive.
        System.exit(status);
    }

    /** Runs {@code notebookFile}, writes the results into {@code outDirectory}; 0 if every cell ran. */
    int run(Path notebookFile, Path outDirectory, Duration timeout) throws IOException {
        Notebook notebook = Notebook.read(notebookFile);
        notebook.describeKernel(KernelNames.KERNEL_NAME, KernelNames.DISPLAY_NAME);
        notebook.noteSummationOrder(SummationOrder.ofThisJvm());
        notebook.clearOutputs();
        OutputFiles files = new OutputFiles(outDirectory, notebookFile);
        RunEnd end = new RunEnd(notebook, files, notebookFile, console);
        Hookbook.manualSeed(0); // so two runs give the same outputs
        List<JsonObject> cells = notebook.codeCells();
        int status = 0;
        Path directory = notebookFile.toAbsolutePath().getParent();
        // The signal handlers outlive the session: a signal after the last cell still lets the files be written.
        try (RunnerSignals signals = RunnerSignals.install()) {
            try (Session session = Session.start(directory, new Renderers())) {
                signals.interruptCellsWith(session::interrupt);
                session.startupProblems().forEach(problem -> errors.println("jnb run: start-up script: " + problem));
                RunnerDisplay display = new RunnerDisplay(session::renderers, console);
                RunnerStreams streams = new RunnerStreams(console, errors);
                SessionGlobals globals = SessionGlobals.install(session.renderers(), streams, display,
                        InputSource.refusing(NO_INPUT));
                try (globals; CellTimeout timeouts = new CellTimeout(timeout, session::interrupt);
                     MemoryGuard memory = new MemoryGuard(session::interrupt)) {
                    Cells run = new Cells(session, display, streams, timeouts, signals, memory, end, notebookFile.getFileName().toString());
                    for (int i = 0; i < cells.size() && status == 0; i++) {
                        status = signals.stopped() ? run.stoppedBefore(i + 1) : run.cell(cells.get(i), i + 1, cells.size());
                    }
                }
            } finally {
                signals.interruptCellsWith(null);
            }
            if (status == 0 && signals.stopped()) {
                errors.println("jnb run: " + notebookFile.getFileName() + ": every cell ran, then " + signals.describe());
                status = signals.status();
            }
            if (!end.claim()) {
                awaitTheEnd(); // a cell that would not stop was given up: the timer writes the files and ends the process
            }
            end.write(status);
        }
        return status;
    }

    /** What running one cell needs: the session, where its outputs go, and what may stop it. */
    private final class Cells {
        private final Session session;
        private final RunnerDisplay display;
        private final RunnerStreams streams;
        private final CellTimeout timeouts;
        private final RunnerSignals signals;
        private final MemoryGuard memory;
        private final RunEnd end;
        private final String notebookName;

        Cells(Session session, RunnerDisplay display, RunnerStreams streams, CellTimeout timeouts, RunnerSignals signals, MemoryGuard memory,
              RunEnd end, String notebookName) {
            this.session = session;
            this.display = display;
            this.streams = streams;
            this.timeouts = timeouts;
            this.signals = signals;
            this.memory = memory;
            this.end = end;
            this.notebookName = notebookName;
        }

        /** Runs cell {@code number} of {@code total}; the run's exit status so far (0: go on). */
        int cell(JsonObject cell, int number, int total) {
            String source = Notebook.source(cell);
            console.println("[" + number + "/" + total + "] " + firstLine(source));
            CellOutputs outputs = new CellOutputs(cell, number);
            display.cell(outputs);
            streams.cell(outputs);
            CellTimeout.Clock clock = timeouts.start(number, () -> giveUp(outputs, number, source));
            // A signal stops the cell and gives it the timeout's grace to end.
            signals.interruptCellsWith(() -> {
                session.interrupt();
                clock.stopped();
            });
            try {
                Optional<MimeBundle> result;
                memory.cellStarted();
                try {
                    result = runCell(source, number);
                } finally {
                    signals.interruptCellsWith(session::interrupt);
                    clock.close();
                    if (clock.givenUp()) {
                        awaitTheEnd(); // the cell stopped too late: the timer is ending the run without it
                    }
                    display.cellEnded(); // live outputs show their final state before the cell is saved
                }
                result.ifPresent(bundle -> {
                    outputs.result(bundle);
                    console.println(describe(bundle));
                });
                return 0;
            } catch (CellException stopped) {
                // A stop from outside the cell shows up as a plain interrupt: say what it was.
                CellException e = clock.ranOut() ? timeouts.error(number) : signals.stopped() ? signals.error(number)
                        : memory.cellEnded().orElse(stopped);
                failed(outputs, e, number, source);
                return signals.stopped() ? signals.status() : 1;
            } finally {
                streams.cell(null);
                outputs.settle();
            }
        }

        /** The cell's run; an error that escapes the session fails this cell, not the whole run. */
        private Optional<MimeBundle> runCell(String source, int number) throws CellException {
            try {
                // A signal that came as the cell was about to start stops it all the same.
                return session.run(source, "cell " + number, signals::stopped);
            } catch (StackOverflowError | InternalError | AssertionError | LinkageError e) {
                throw CellException.of(e);
            }
        }

        private void failed(CellOutputs outputs, CellException e, int number, String source) {
            outputs.error(e);
            errors.println("jnb run: " + notebookName + ": cell " + number + " failed"
                    + FailedLine.describe(e, "cell " + number, source));
            e.traceback().forEach(errors::println);
        }

        /**
         * Cell {@code number} ran out of time, or was stopped by a signal, and did not stop (it
         * catches the stop, say): ends the run without it, as nbclient ends a run by killing its
         * kernel. Its outputs so far and the error are written, and the process exits with status
         * 1 (the signal's status after a signal) without waiting for it.
         */
        private void giveUp(CellOutputs outputs, int number, String source) {
            if (!end.claim()) {
                return;
            }
            streams.cell(null); // what the cell still prints is only shown
            boolean bySignal = signals.stopped();
            int status = bySignal ? signals.status() : 1;
            errors.println("jnb run: " + notebookName + ": cell " + number + " did not stop within "
                    + CellTimeout.GRACE.toSeconds() + " s of " + (bySignal ? "SIG" + signals.signalName() : "its timeout")
                    + "; ending the run without it");
            // Held so that the cell's threads cannot add an output while the notebook is written.
            synchronized (outputs) {
                failed(outputs, bySignal ? signals.error(number) : timeouts.error(number), number, source);
                try {
                    end.write(status);
                } catch (IOException | RuntimeException e) {
                    errors.println("jnb run: " + e);
                }
            }
            console.flush();
            errors.flush();
            // Not System.exit: shutdown hooks could wait on the very cell that will not stop.
            Runtime.getRuntime().halt(status);
        }

        /** A signal came between cells: cell {@code number} does not start. */
        int stoppedBefore(int number) {
            errors.println("jnb run: " + notebookName + ": stopped before cell " + number + ": " + signals.describe());
            return signals.status();
        }
    }

    /** Waits for the process to end: another thread has ended the run and is ending the process. */
    private static void awaitTheEnd() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // still ending: keep waiting
            }
        }
    }

    /** How the console shows a result or a display: its text, and which richer formats it has. */
    static String describe(MimeBundle bundle) {
        List<String> rich = bundle.data().keySet().stream()
                .filter(type -> !type.equals(MimeBundle.TEXT) && !type.equals(MimeBundle.HTML))
                .toList();
        String text = bundle.plainText();
        return rich.isEmpty() ? text : "[" + String.join(", ", rich) + "] " + text;
    }

    private static String firstLine(String source) {
        String line = source.strip().lines().findFirst().orElse("");
        return line.length() > 72 ? line.substring(0, 69) + "..." : line;
    }

    /** The command line: the notebook, the output directory and the time limit per cell. */
    record Arguments(Path notebook, Path outDirectory, Duration timeout) {

        /** The options as picocli reads them; {@link #parse} turns them into {@link Arguments}. */
        @Command(name = "./jnb run", mixinStandardHelpOptions = true, version = "Hookbook " + Hookbook.VERSION,
                description = "Executes a notebook without Jupyter or Python; writes the executed notebook, an HTML page"
                        + " and each image as a PNG.")
        static final class Options {
            @Parameters(paramLabel = "NOTEBOOK.ipynb", description = "the notebook to run")
            Path notebook;
            @Option(names = "--out", paramLabel = "DIR", description = "where the files go (default: out/ beside the notebook)")
            Path out;
            @Option(names = "--timeout", paramLabel = "SECONDS", description = "the limit per cell (default: 600; 0: none)")
            String timeout;
        }

        /** The picocli command line, for {@code --help}, {@code --version} and the usage shown with an error. */
        static CommandLine commandLine() {
            return new CommandLine(new Options());
        }

        /** Reads {@code args} through {@code command}; an IllegalArgumentException says what is wrong. */
        static Arguments parse(CommandLine command, String[] args) {
            try {
                command.parseArgs(args);
            } catch (ParameterException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            Options options = command.getCommand();
            if (command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
                return null;
            }
            Duration timeout = options.timeout == null ? CellTimeout.DEFAULT : seconds(options.timeout);
            Path out = options.out != null ? options.out : options.notebook.toAbsolutePath().getParent().resolve("out");
            return new Arguments(options.notebook, out, timeout);
        }

        static Arguments parse(String[] args) {
            return parse(commandLine(), args);
        }

        private static Duration seconds(String text) {
            try {
                long seconds = Long.parseLong(text);
                if (seconds >= 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("--timeout needs a whole number of seconds (0: no limit); got " + text);
        }
    }
}

package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.eval.CellException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run: the first stops the running cell, so the runner
 * can write the cells done so far and exit with 128 + the signal's number, as a shell reports a
 * process ended by a signal; a second one ends the process at once, for a cell that does not
 * stop. The JDK's only way to handle a signal without ending the JVM is {@code sun.misc.Signal}
 * (module jdk.unsupported, there for this use).
 *
 * <p>The handlers stay in place until the files are written: a signal that comes after the last
 * cell (while the session closes, say) lets the files be written first, with every line the
 * console showed, as nbclient keeps everything it received.
 */
final class RunnerSignals implements AutoCloseable {

    private static final List<String> HANDLED = List.of("INT", "TERM");

    private static final Runnable NO_CELL = () -> { };

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile Runnable interruptCell = NO_CELL;
    private volatile Signal received;

    private RunnerSignals() {}

    /** Handles SIGINT and SIGTERM until closed; what a signal stops is set by {@link #interruptCellsWith}. */
    static RunnerSignals install() {
        RunnerSignals signals = new RunnerSignals();
        for (String name : HANDLED) {
            Signal signal = new Signal(name);
            signals.previous.put(signal, Signal.handle(signal, signals::handle));
        }
        return signals;
    }

    /** From now on a signal stops the running cell with {@code interrupt} (called from another thread); null: nothing to stop. */
    void interruptCellsWith(Runnable interrupt) {
        this.interruptCell = interrupt == null ? NO_CELL : interrupt;
    }

    private void handle(Signal signal) {
        if (received != null) {
            Runtime.getRuntime().halt(status(signal));
        }
        received = signal;
        interruptCell.run();
    }

    /** Whether a signal came. */
    boolean stopped() {
        return received != null;
    }

    /** The exit status for the signal that came: 130 for SIGINT, 143 for SIGTERM. */
    int status() {
        return status(received);
    }

    private static int status(Signal signal) {
        return 128 + signal.getNumber();
    }

    /** The name of the signal that came, such as {@code INT}. */
    String signalName() {
        return received.getName();
    }

    /** Why the run stopped, for the console. */
    String describe() {
        return "the run got SIG" + received.getName();
    }

    /** The error of cell {@code number}, stopped by the signal. */
    CellException error(int number) {
        String message = "cell " + number + " was stopped: " + describe();
        return new CellException("Interrupted", message, List.of("Interrupted: " + message), 0);
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}

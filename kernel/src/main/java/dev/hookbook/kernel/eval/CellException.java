package dev.hookbook.kernel.eval;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalInt;

/**
 * A cell that did not run to the end: a compile error, an exception thrown by the user's code,
 * an interrupt, or a magic that failed. Carries what Jupyter shows for an error: a short name, a
 * message and a traceback (one string a line), and the line of the cell it points at, if known.
 */
public final class CellException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String value;
    private final List<String> traceback;
    private final int line;

    /** An error called {@code name} (e.g. {@code IllegalStateException}) at {@code line} (0: unknown). */
    public CellException(String name, String value, List<String> traceback, int line) {
        super(name + (value.isEmpty() ? "" : ": " + value));
        this.name = name;
        this.value = value;
        this.traceback = List.copyOf(traceback);
        this.line = line;
    }

    /** The cell was stopped by an interrupt. */
    public static CellException interrupted() {
        return new CellException("Interrupted", "the cell was stopped",
                List.of("Interrupted: the cell was stopped; variables defined before keep their values"), 0);
    }

    /** An error of the kernel's own, not of the user's code (a magic, a bad argument, ...). */
    public static CellException of(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        StringWriter trace = new StringWriter();
        if (!(error instanceof IllegalArgumentException)) {
            error.printStackTrace(new PrintWriter(trace));
        } else {
            trace.append(error.getClass().getName()).append(": ").append(message);
        }
        return new CellException(error.getClass().getSimpleName(), message, trace.toString().lines().toList(), 0);
    }

    /** The error's short name, Jupyter's {@code ename}. */
    public String name() {
        return name;
    }

    /** The error's message, Jupyter's {@code evalue}. */
    public String value() {
        return value;
    }

    /** The lines Jupyter shows, its {@code traceback}. */
    public List<String> traceback() {
        return traceback;
    }

    /** The cell's line (1-based) the error points at, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** This error with its line set, if it has none yet. */
    public CellException atLine(int cellLine) {
        return line > 0 || cellLine <= 0 ? this : new CellException(name, value, traceback, cellLine);
    }
}

package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.eval.CellException;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a failed cell went wrong, for the runner's one-line report: {@code at line 3: o.toString();}
 * for a line of the cell, {@code at ten.jsh line 10} for a line of a file the cell loaded with
 * {@code %load}. An error's line is the line of whatever code failed, and only its traceback
 * names that code ({@code ten.jsh line 10}), so the traceback tells the two apart.
 */
final class FailedLine {

    // "cell 3 line 2" or "ten.jsh line 10", as CodeOrigin describes a line.
    private static final Pattern ORIGIN = Pattern.compile("(cell \\d+|[^\\s(]+) line (\\d+)\\b");

    private FailedLine() {}

    /** {@code " at line 3: o.toString();"}, {@code " at ten.jsh line 10"} or nothing; {@code cellLabel} is how errors name the cell. */
    static String describe(CellException error, String cellLabel, String source) {
        if (error.line().isEmpty()) {
            return "";
        }
        int line = error.line().getAsInt();
        String origin = originOf(error, line).orElse(cellLabel);
        String[] lines = source.split("\n", -1);
        if (!origin.equals(cellLabel)) {
            return " at " + origin + " line " + line;
        }
        return line <= lines.length ? " at line " + line + ": " + lines[line - 1].strip() : " at line " + line;
    }

    /** The code the traceback first names at {@code line}; none for an error of a magic, which names no code. */
    private static Optional<String> originOf(CellException error, int line) {
        for (String traceLine : error.traceback()) {
            Matcher origin = ORIGIN.matcher(traceLine);
            while (origin.find()) {
                if (origin.group(2).equals(Integer.toString(line))) {
                    return Optional.of(origin.group(1));
                }
            }
        }
        return Optional.empty();
    }
}

package dev.hookbook.kernel.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes what went wrong in a cell as the {@link CellException} a notebook shows, in lines of the
 * cell rather than of JShell's snippets: a compile error with the cell line and column and the
 * offending line marked; an exception with its type, message and frames such as
 * {@code at fail(In [4] line 2)}; a snippet that cannot run until something it uses is declared.
 */
final class CellErrors {

    /** One compile error: where it starts in the snippet's source, and JShell's message. */
    record Diagnostic(long startPosition, String message) {
        static Diagnostic of(Diag diag) {
            return new Diagnostic(diag.getStartPosition(), diag.getMessage(Locale.ROOT));
        }
    }

    // Snippet id -> where its source starts: a frame in an earlier cell's method names that cell.
    private final Map<String, CodeOrigin> snippetOrigins = new ConcurrentHashMap<>();

    /** Remembers that the snippet called {@code snippetId} starts at {@code origin}. */
    void snippetAt(String snippetId, CodeOrigin origin) {
        snippetOrigins.put(snippetId, origin);
    }

    /** The compile errors of {@code piece}, a snippet of {@code code}, which starts at {@code origin}. */
    CellException compileError(String code, SourcePiece piece, CodeOrigin origin, List<Diagnostic> errors) {
        List<String> lines = new ArrayList<>();
        String first = null;
        int firstLine = 0;
        for (Diagnostic error : errors) {
            int position = piece.start() + (int) Math.max(0, Math.min(error.startPosition(), piece.text().length()));
            int line = origin.at(code, position).firstLine();
            int lineStart = code.lastIndexOf('\n', position - 1) + 1;
            int lineEnd = code.indexOf('\n', position);
            String sourceLine = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
            int column = position - lineStart + 1;
            List<String> message = error.message().lines()
                    .filter(l -> !l.strip().equals("location: class")) // JShell's wrapper class
                    .toList();
            String header = origin.describe(line) + ", column " + column + ": " + message.get(0);
            if (first == null) {
                first = header;
                firstLine = line;
            }
            lines.add(header);
            message.stream().skip(1).forEach(lines::add);
            lines.add("    " + sourceLine);
            lines.add("    " + " ".repeat(Math.max(0, column - 1)) + "^");
        }
        if (first == null) {
            first = origin.describe(origin.at(code, piece.start()).firstLine()) + ": this code does not compile";
            lines.add(first);
        }
        return new CellException("CompilationError", first, lines, firstLine);
    }

    /** A declaration whose first line is in {@code source} that uses what is not declared yet ({@code missing}). */
    CellException unresolvedReference(String source, List<String> missing) {
        String message = source.lines().findFirst().orElse("").strip()
                + " cannot run until these are declared: " + String.join(", ", missing);
        return new CellException("UnresolvedReference", message, List.of("UnresolvedReference: " + message), 0);
    }

    /** An exception thrown by the code of the cell at {@code cell}, with its causes. */
    CellException exception(Throwable error, CodeOrigin cell) {
        List<String> lines = new ArrayList<>();
        int line = 0;
        Throwable current = error;
        boolean cause = false;
        while (current != null) {
            String text = withoutWrapperNames(current.getMessage());
            lines.add((cause ? "Caused by: " : "") + className(current) + (text.isEmpty() ? "" : ": " + text));
            for (StackTraceElement frame : current.getStackTrace()) {
                lines.add("    at " + describeFrame(frame));
                if (line == 0 && !cause) {
                    line = cellLine(frame, cell);
                }
            }
            current = current.getCause();
            cause = true;
        }
        String className = className(error);
        return new CellException(className.substring(className.lastIndexOf('.') + 1), withoutWrapperNames(error.getMessage()),
                lines, line);
    }

    /** The class of what the code threw: JShell passes it on by name. */
    private static String className(Throwable error) {
        return error instanceof EvalException eval ? eval.getExceptionClassName() : error.getClass().getName();
    }

    /** A message without JShell's wrapper class names: {@code "REPL.$JShell$21.o" is null} becomes {@code "o" is null}. */
    private static String withoutWrapperNames(String message) {
        return message == null ? "" : message.replaceAll("REPL\\.\\$JShell\\$\\d+[A-Z]?\\.", "");
    }

    /** {@code f(In [3] line 2)} for a snippet's frame, the usual form for any other. */
    private String describeFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            CodeOrigin origin = snippetOrigins.get(file.substring(1));
            String where = origin == null ? "snippet " + file : origin.describe(origin.firstLine() + frame.getLineNumber() - 1);
            String method = frame.getMethodName();
            return method == null || method.isEmpty() ? where : method + "(" + where + ")";
        }
        return frame.toString();
    }

    /** The line of the running cell a frame points at, or 0 if it is not in that cell. */
    private int cellLine(StackTraceElement frame, CodeOrigin cell) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return 0;
        }
        CodeOrigin origin = snippetOrigins.get(file.substring(1));
        return origin != null && origin.label().equals(cell.label()) ? origin.firstLine() + frame.getLineNumber() - 1 : 0;
    }
}

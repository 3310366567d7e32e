package dev.hookbook.kernel.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    // Wrapper class -> its snippet: JShell names snippet frames only in the exceptions it passes
    // on; an exception from a thread the snippet started still has the wrapper's own frames.
    private final Map<String, WrappedSnippet> wrappers = new ConcurrentHashMap<>();
    private static final Pattern WRAPPER_CLASS = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*");

    /** A snippet's wrapper class: its snippet, and the snippet line a line of the wrapper's source holds. */
    record WrappedSnippet(String snippetId, IntUnaryOperator snippetLine) {}

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

    /** Remembers that JShell compiled the snippet into the class {@code className}. */
    void wrapperClass(String className, WrappedSnippet snippet) {
        wrappers.put(className, snippet);
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
        frame = inSnippetTerms(frame);
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            CodeOrigin origin = snippetOrigins.get(file.substring(1));
            String where = origin == null ? "snippet " + file : origin.describe(origin.firstLine() + frame.getLineNumber() - 1);
            String method = frame.getMethodName();
            return method == null || method.isEmpty() ? where : method + "(" + where + ")";
        }
        return frame.toString();
    }

    /** A raw frame of a snippet's wrapper class as JShell writes it: file {@code #id}, line of the snippet. */
    private StackTraceElement inSnippetTerms(StackTraceElement frame) {
        Matcher wrapper = WRAPPER_CLASS.matcher(frame.getClassName());
        WrappedSnippet snippet = wrapper.lookingAt() ? wrappers.get(wrapper.group()) : null;
        if (snippet == null) {
            return frame;
        }
        return new StackTraceElement(frame.getClassName(), frame.getMethodName(), "#" + snippet.snippetId(),
                snippet.snippetLine().applyAsInt(frame.getLineNumber()));
    }

    /** The line of the running cell a frame points at, or 0 if it is not in that cell. */
    private int cellLine(StackTraceElement frame, CodeOrigin cell) {
        frame = inSnippetTerms(frame);
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return 0;
        }
        CodeOrigin origin = snippetOrigins.get(file.substring(1));
        return origin != null && origin.label().equals(cell.label()) ? origin.firstLine() + frame.getLineNumber() - 1 : 0;
    }
}

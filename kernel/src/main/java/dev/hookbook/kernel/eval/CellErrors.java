package dev.hookbook.kernel.eval;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.Arrays;
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

    private static final List<String> FOLDED_PACKAGES = List.of(
            "dev.hookbook.", "java.", "javax.", "jdk.", "sun.", "com.sun.", "REPL.$JShell$");

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

    /**
     * An exception thrown by the code of the cell at {@code cell}, with its causes: for each, its
     * type and message, the user's frames, and one line counting the frames of Hookbook and the
     * JDK between and below them. A cause that only repeats its wrapper (its message is part of
     * the wrapper's, as Hookbook's module errors carry the message of what they wrap, and it
     * adds no frame of the user's) is folded into the wrapper.
     */
    CellException exception(Throwable error, CodeOrigin cell) {
        List<String> lines = new ArrayList<>();
        int line = 0;
        for (StackTraceElement frame : error.getStackTrace()) {
            line = cellLine(frame, cell);
            if (line > 0) {
                break;
            }
        }
        Throwable current = error;
        while (current != null) {
            FoldedFrames frames = userFrames(current);
            Throwable cause = current.getCause();
            while (cause != null && onlyRepeats(cause, current)) {
                frames.hide((int) Arrays.stream(cause.getStackTrace()).filter(f -> isHookbookOrJdk(inSnippetTerms(f))).count());
                cause = cause.getCause();
            }
            String text = withoutWrapperNames(current.getMessage());
            lines.add((current == error ? "" : "Caused by: ") + className(current) + (text.isEmpty() ? "" : ": " + text));
            lines.addAll(frames.lines());
            current = cause;
        }
        String className = className(error);
        return new CellException(className.substring(className.lastIndexOf('.') + 1), withoutWrapperNames(error.getMessage()),
                lines, line);
    }

    /** The frames of {@code error} worth reading shown, the rest counted; the first frame if none is worth it. */
    private FoldedFrames userFrames(Throwable error) {
        FoldedFrames frames = new FoldedFrames();
        StackTraceElement[] trace = error.getStackTrace();
        for (StackTraceElement frame : trace) {
            if (isHookbookOrJdk(inSnippetTerms(frame))) {
                frames.hide(1);
            } else {
                frames.show(describeFrame(frame));
            }
        }
        if (frames.noneShown() && trace.length > 0) {
            // Where it was thrown is still worth a line when no frame of the user's is involved.
            frames = new FoldedFrames();
            frames.show(describeFrame(trace[0]));
            frames.hide(trace.length - 1);
        }
        return frames;
    }

    /** Whether {@code cause} says nothing its wrapper does not: its message is in the wrapper's, and it has no user frame of its own. */
    private boolean onlyRepeats(Throwable cause, Throwable wrapper) {
        String message = withoutWrapperNames(cause.getMessage());
        if (message.isEmpty() || !withoutWrapperNames(wrapper.getMessage()).contains(message)) {
            return false;
        }
        List<String> wrapperFrames = new ArrayList<>();
        for (StackTraceElement frame : wrapper.getStackTrace()) {
            wrapperFrames.add(describeFrame(frame));
        }
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (!isHookbookOrJdk(inSnippetTerms(frame)) && !wrapperFrames.contains(describeFrame(frame))) {
                return false;
            }
        }
        return true;
    }

    /** A frame of the engine, the kernel, the JDK or JShell's machinery: folded away in traces. */
    private static boolean isHookbookOrJdk(StackTraceElement frame) {
        if (frame.getFileName() != null && frame.getFileName().startsWith("#")) {
            return false; // a snippet's
        }
        String name = frame.getClassName();
        return FOLDED_PACKAGES.stream().anyMatch(name::startsWith);
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

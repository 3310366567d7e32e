package dev.hookbook.kernel.eval;

import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Errors written in lines of the cell, from what JShell reports, without a JShell. */
class CellErrorsTest {

    private final CellErrors errors = new CellErrors();

    private static SourcePiece piece(String code, String text) {
        return new SourcePiece(code.indexOf(text), text, text, SourceCodeAnalysis.Completeness.COMPLETE);
    }

    @Test
    void aCompileErrorNamesTheCellLineAndColumnAndMarksTheLine() {
        String code = "int ok = 1;\n\nString s = 42;";
        SourcePiece piece = piece(code, "String s = 42;");
        CellException error = errors.compileError(code, piece, new CodeOrigin("In [5]", 3), List.of(
                new CellErrors.Diagnostic(11, "incompatible types: int cannot be converted to java.lang.String\n  location: class")));

        assertEquals("CompilationError", error.name());
        assertEquals("In [5] line 5, column 12: incompatible types: int cannot be converted to java.lang.String", error.value());
        assertEquals(5, error.line().getAsInt());
        assertEquals(List.of(error.value(), "    String s = 42;", "               ^"), error.traceback(),
                "JShell's wrapper class is left out");
    }

    @Test
    void everyCompileErrorIsListedAndTheFirstIsTheMessage() {
        String code = "int a = \"x\";\nint b = \"y\";";
        SourcePiece piece = piece(code, code);
        CellException error = errors.compileError(code, piece, CodeOrigin.of("cell 1"), List.of(
                new CellErrors.Diagnostic(8, "incompatible types\n  required: int"),
                new CellErrors.Diagnostic(21, "incompatible types")));

        assertEquals("cell 1 line 1, column 9: incompatible types", error.value());
        assertEquals(List.of("cell 1 line 1, column 9: incompatible types", "  required: int", "    int a = \"x\";", "            ^",
                "cell 1 line 2, column 9: incompatible types", "    int b = \"y\";", "            ^"),
                error.traceback());
    }

    @Test
    void aCompileErrorWithoutDiagnosticsNamesTheSnippetsLine() {
        String code = "int ok = 1;\nfoo bar baz";
        CellException error = errors.compileError(code, piece(code, "foo bar baz"), CodeOrigin.of("cell 4"), List.of());
        assertEquals("cell 4 line 2: this code does not compile", error.value());
        assertEquals(List.of("cell 4 line 2: this code does not compile"), error.traceback());
        assertFalse(error.line().isPresent());
    }

    @Test
    void anExceptionShowsItsTypeMessageCauseAndFramesInCellLines() {
        errors.snippetAt("3", new CodeOrigin("In [2]", 1));
        errors.snippetAt("7", new CodeOrigin("In [4]", 3));
        IllegalStateException thrown = new IllegalStateException("\"REPL.$JShell$21.o\" is null", new IOException("inner"));
        thrown.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("REPL.$JShell$12", "helper", "#3", 2),
                new StackTraceElement("REPL.$JShell$15", "do_it$", "#7", 2),
                new StackTraceElement("REPL.$JShell$16", "", "#9", 1),
                new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833)});
        thrown.getCause().setStackTrace(new StackTraceElement[0]);

        CellException error = errors.exception(thrown, CodeOrigin.of("In [4]"));

        assertEquals("IllegalStateException", error.name());
        assertEquals("\"o\" is null", error.value(), "without JShell's wrapper class names");
        assertEquals(4, error.line().getAsInt(), "the first frame in the running cell");
        assertEquals(List.of(
                "java.lang.IllegalStateException: \"o\" is null",
                "    at helper(In [2] line 2)",
                "    at do_it$(In [4] line 4)",
                "    at snippet #9",
                "    ... 1 frame in Hookbook and the JDK",
                "Caused by: java.io.IOException: inner"), error.traceback());
    }

    @Test
    void aCauseThatOnlyRepeatsItsWrapperIsFoldedIntoIt() {
        errors.snippetAt("5", new CodeOrigin("In [12]", 1));
        StackTraceElement user = new StackTraceElement("REPL.$JShell$22", "", "#5", 1);
        IllegalArgumentException cause = new IllegalArgumentException("expected input [*, 4], got [2, 5]");
        cause.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("dev.hookbook.nn.Linear", "forward", "Linear.java", 37),
                new StackTraceElement("dev.hookbook.nn.Module", "call", "Module.java", 49), user});
        RuntimeException thrown = new RuntimeException("0 (Linear 4->3): expected input [*, 4], got [2, 5]", cause);
        thrown.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("dev.hookbook.nn.CallFrame", "error", "CallFrame.java", 51),
                new StackTraceElement("dev.hookbook.nn.Module", "call", "Module.java", 49), user});

        assertEquals(List.of(
                "java.lang.RuntimeException: 0 (Linear 4->3): expected input [*, 4], got [2, 5]",
                "    at In [12] line 1",
                "    ... 4 frames in Hookbook and the JDK"),
                errors.exception(thrown, CodeOrigin.of("In [12]")).traceback());
    }

    @Test
    void aCycleOfFramesIsWrittenOnceWithItsCount() {
        errors.snippetAt("8", new CodeOrigin("In [3]", 1));
        StackTraceElement[] frames = new StackTraceElement[1 + 2 * 300];
        frames[0] = new StackTraceElement("java.lang.StringBuilder", "append", "StringBuilder.java", 1);
        for (int i = 0; i < 300; i++) {
            frames[1 + 2 * i] = new StackTraceElement("REPL.$JShell$30", "ping", "#8", 2);
            frames[2 + 2 * i] = new StackTraceElement("REPL.$JShell$30", "pong", "#8", 5);
        }
        StackOverflowError thrown = new StackOverflowError();
        thrown.setStackTrace(frames);

        assertEquals(List.of(
                "java.lang.StackOverflowError",
                "    at ping(In [3] line 2)",
                "    at pong(In [3] line 5)",
                "    ... the 2 frames above repeat 299 more times",
                "    ... 1 frame in Hookbook and the JDK"),
                errors.exception(thrown, CodeOrigin.of("In [3]")).traceback());
    }

    @Test
    void anExceptionOutsideTheCellHasNoLine() {
        RuntimeException thrown = new RuntimeException();
        thrown.setStackTrace(new StackTraceElement[] {new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 209)});
        CellException error = errors.exception(thrown, CodeOrigin.of("cell 1"));
        assertEquals("RuntimeException", error.name());
        assertEquals("", error.value());
        assertFalse(error.line().isPresent());
    }

    @Test
    void anUnresolvedReferenceNamesWhatIsMissing() {
        CellException error = errors.unresolvedReference("int twice() {\n  return later() * 2;\n}", List.of("method later()", "variable k"));
        assertEquals("UnresolvedReference", error.name());
        assertEquals("int twice() { cannot run until these are declared: method later(), variable k", error.value());
        assertEquals(List.of("UnresolvedReference: " + error.value()), error.traceback());
    }
}

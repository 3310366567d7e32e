package dev.hookbook.kernel.eval;

import java.util.List;

/**
 * Cells that break JShell's compiler instead of failing to compile: nesting so deep that javac's
 * recursive parser overflows the stack, or a compiler error of its own ({@link InternalError},
 * for instance when a class path entry stopped being a jar). Either would escape the evaluator
 * as an {@link Error} and leave the kernel without an answer; here they become the cell's error.
 *
 * <p>Nested parentheses are counted before JShell sees the cell and refused past
 * {@link #MAX_PARENTHESES}, as Python refuses them ("too many nested parentheses"); anything else
 * that overflows the compiler gets the same kind of message after the fact.
 */
final class CompilerFailures {

    /** The deepest nesting of ( [ { a cell may have; javac copes with this many on a kernel thread. */
    static final int MAX_PARENTHESES = 1000;

    private CompilerFailures() {}

    /** Refuses {@code code} whose parentheses nest deeper than {@link #MAX_PARENTHESES}. */
    static void checkNesting(String code) throws CellException {
        int depth = deepestNesting(code);
        if (depth > MAX_PARENTHESES) {
            throw error("SyntaxError", "too many nested parentheses: " + depth + " levels, at most "
                    + MAX_PARENTHESES + " (the compiler would run out of stack); split the expression");
        }
    }

    /** The cell's error for an {@link Error} JShell's compiler threw on {@code code}. */
    static CellException of(Error failure, String code, List<String> classPath) {
        if (failure instanceof StackOverflowError) {
            return error("SyntaxError", "the code is too deeply nested for the compiler (it ran out of stack);"
                    + " split it into smaller pieces");
        }
        for (String entry : classPath) {
            var problem = ClassPathEntry.problem(entry);
            if (problem.isPresent()) {
                return error("CompilerError", "the compiler failed because a class path entry broke: "
                        + problem.get() + "; put the jar back, or restart the kernel to drop it");
            }
        }
        return error("CompilerError", "the compiler failed on this cell (" + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage().lines().findFirst().orElse(""))
                + "); the session goes on");
    }

    /** Whether {@code code} nests too deeply to hand to JShell's source analysis at all. */
    static boolean tooDeep(String code) {
        return deepestNesting(code) > MAX_PARENTHESES;
    }

    private static CellException error(String name, String message) {
        return new CellException(name, message, List.of(name + ": " + message), 0);
    }

    /** The deepest nesting of ( [ { outside strings, characters and comments. */
    static int deepestNesting(String code) {
        int depth = 0;
        int deepest = 0;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && code.charAt(i) != c && code.charAt(i) != '\n') {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    deepest = Math.max(deepest, ++depth);
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                i++;
            }
        }
        return deepest;
    }
}

package dev.hookbook.kernel.eval;

/**
 * What a snippet's calls of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}
 * become (see {@link ExitCallRewriter}): they would end the JVM the session lives in, and every
 * variable with it, so instead they fail the cell with a message that says what happened.
 * Public because the snippets' classes call it.
 */
public final class ExitCalls {

    private ExitCalls() {}

    /** In place of {@link System#exit(int)}. */
    public static void systemExit(int status) {
        throw new ExitRefusedException("System.exit(" + status + ")");
    }

    /** In place of {@link Runtime#exit(int)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitRefusedException("Runtime.exit(" + status + ")");
    }

    /** In place of {@link Runtime#halt(int)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new ExitRefusedException("Runtime.halt(" + status + ")");
    }
}

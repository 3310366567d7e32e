package dev.hookbook.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.util.function.BiConsumer;

/**
 * The thread group above every thread a snippet runs on or starts, so that an exception nobody
 * catches in such a thread is shown instead of lost.
 *
 * <p>JShell's local engine runs each snippet on a new thread in a group of its own, created
 * under the group of the thread that ran the first snippet; threads a snippet starts join that
 * group too. An uncaught exception climbs the groups before it reaches the process's default
 * handler, which JDK 17's engine replaces on every snippet by one that drops what it does not
 * expect. Running the snippets from a thread in this group puts it above all of them.
 */
final class SnippetThreads extends ThreadGroup {

    private final BiConsumer<Thread, Throwable> report;

    /** {@code report} is given each thread that ended with an uncaught exception, and that exception. */
    SnippetThreads(BiConsumer<Thread, Throwable> report) {
        super("hookbook snippets");
        this.report = report;
    }

    @Override
    @SuppressWarnings("removal") // ThreadDeath: JDK 17 stops a snippet's threads with it
    public void uncaughtException(Thread thread, Throwable error) {
        // A snippet's own failure (JDK 17 passes it to the engine as an InvocationTargetException)
        // and the ThreadDeath of a stopped cell are the engine's to handle.
        if (error instanceof InvocationTargetException || error instanceof ThreadDeath) {
            super.uncaughtException(thread, error);
            return;
        }
        report.accept(thread, error);
    }
}

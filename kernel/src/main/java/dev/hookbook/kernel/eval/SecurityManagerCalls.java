package dev.hookbook.kernel.eval;

/**
 * What a snippet's calls of {@code System.setSecurityManager} become (see {@link ExitCallRewriter}):
 * a security manager installed in the kernel's JVM would deny the kernel its own sockets, files
 * and threads, and the session would stop answering. The cell fails with a message instead.
 * Public because the snippets' classes call it.
 */
public final class SecurityManagerCalls {

    private SecurityManagerCalls() {}

    /** In place of {@link System#setSecurityManager(SecurityManager)}. */
    @SuppressWarnings("removal") // the type the replaced call takes
    public static void setSecurityManager(SecurityManager manager) {
        throw new UnsupportedOperationException("System.setSecurityManager would lock this Java session out of its"
                + " own sockets and files, so it was not run; no security manager is installed (they are deprecated"
                + " since Java 17; run untrusted code in a separate process instead)");
    }
}

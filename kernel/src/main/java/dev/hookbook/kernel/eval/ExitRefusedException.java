package dev.hookbook.kernel.eval;

/** What a cell's {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt} throws instead of ending the JVM (see {@link ExitCalls}). */
public final class ExitRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ExitRefusedException(String call) {
        super(call + " would end this Java session and every variable in it, so it was not run;"
                + " to start afresh on purpose, restart the kernel (Kernel > Restart in Jupyter)");
    }
}

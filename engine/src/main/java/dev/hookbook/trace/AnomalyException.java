package dev.hookbook.trace;

/**
 * What {@link Anomaly#detect} throws: where NaN or Inf first appeared. The message's first line
 * names the pass, the module (path and type) and the op or graph node; the next line shows what
 * went into it.
 */
public final class AnomalyException extends RuntimeException {
    private final String pass;
    private final String modulePath;
    private final String op;

    AnomalyException(String pass, String modulePath, String op, String message) {
        super(message);
        this.pass = pass;
        this.modulePath = modulePath;
        this.op = op;
    }

    /** "forward" or "backward". */
    public String pass() {
        return pass;
    }

    /** The dotted path of the module whose forward ran the op ("" for the model itself), or null outside any module. */
    public String modulePath() {
        return modulePath;
    }

    /** The op (forward, such as {@code Log}) or graph node (backward, such as {@code LogBackward}). */
    public String op() {
        return op;
    }

    /** The anomaly behind {@code e} (itself or a cause), or null. */
    static AnomalyException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AnomalyException a) return a;
            if (t.getCause() == t) break;
        }
        return null;
    }
}

package dev.hookbook.kernel.eval;

/** Whether some code can run as it is (Jupyter's {@code is_complete_request}). */
public record Completeness(Status status, String indent) {

    /** Jupyter's four answers. */
    public enum Status {
        /** Ready to run. */
        COMPLETE("complete"),
        /** Needs more lines (an open brace, a trailing operator, ...). */
        INCOMPLETE("incomplete"),
        /** Will not compile however it continues. */
        INVALID("invalid"),
        /** Cannot tell. */
        UNKNOWN("unknown");

        private final String jupyterName;

        Status(String jupyterName) {
            this.jupyterName = jupyterName;
        }

        /** The status as Jupyter spells it. */
        public String jupyterName() {
            return jupyterName;
        }
    }

    public static Completeness of(Status status) {
        return new Completeness(status, "");
    }
}

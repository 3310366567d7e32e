package dev.hookbook.nn;

/**
 * An error inside a module's call, named by the module's path in the model and what it is:
 * {@code classifier.2 (Linear 64->10): expected input [*, 64], got [32, 63]}.
 */
public class ModuleException extends RuntimeException {
    private final String modulePath;

    public ModuleException(String where, String modulePath, String message, Throwable cause) {
        super(where + ": " + message, cause);
        this.modulePath = modulePath;
    }

    /** The dotted path of the module in the model that was called ("" for the model itself). */
    public String modulePath() {
        return modulePath;
    }
}

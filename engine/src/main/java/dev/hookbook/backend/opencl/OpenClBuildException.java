package dev.hookbook.backend.opencl;

/** An OpenCL program that did not compile. The message ends with the compiler's build log. */
public final class OpenClBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String buildLog;

    OpenClBuildException(String device, String error, String buildLog) {
        super("OpenCL program failed to build for " + device + " (" + error + "); build log:\n" + buildLog);
        this.buildLog = buildLog;
    }

    /** What the device's compiler printed. */
    public String buildLog() {
        return buildLog;
    }
}

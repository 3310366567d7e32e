package dev.hookbook.kernel.eval;

/**
 * A read from {@code System.in} that cannot be answered: the host takes no input (the headless
 * runner, a Jupyter client that does not allow stdin), or the read was interrupted. Unchecked, so
 * that {@code Scanner} and {@code BufferedReader} pass it on rather than reporting an end of input.
 */
public final class InputUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InputUnavailableException(String message) {
        super(message);
    }
}

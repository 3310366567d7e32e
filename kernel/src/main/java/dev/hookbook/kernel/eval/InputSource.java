package dev.hookbook.kernel.eval;

/**
 * Where a running cell's {@code System.in} reads from (see {@link StandardInput}): one line at a
 * time, asked for when the cell reads and nothing is left of the line before.
 */
@FunctionalInterface
public interface InputSource {

    /**
     * The next line the user typed, with its line end; null at the end of the input.
     *
     * @throws InputUnavailableException when this host cannot take input, or the read was interrupted
     */
    String readLine();

    /** A source that refuses every read with {@code message} (one line: why there is no input, and what to do instead). */
    static InputSource refusing(String message) {
        return () -> {
            throw new InputUnavailableException(message);
        };
    }
}

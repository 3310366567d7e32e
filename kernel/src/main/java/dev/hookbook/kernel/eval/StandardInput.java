package dev.hookbook.kernel.eval;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.in} to the host of the running cells: the kernel asks the Jupyter front
 * end for a line, the runner refuses in one line. Snippets run in this JVM, so their
 * {@code System.in} is the process's; while a {@link #redirect redirection} is in place reads go
 * to its {@link InputSource}, line by line, and without one to the process's original input.
 */
public final class StandardInput {

    private static final InputStream ORIGINAL_IN = System.in;
    private static volatile InputSource source;
    private static boolean installed;

    private StandardInput() {}

    private static synchronized void install() {
        if (!installed) {
            System.setIn(new Router());
            installed = true;
        }
    }

    /** Sends reads of {@code System.in} to {@code target} (null: the process's own input) until the scope is closed. */
    public static StandardStreams.Redirection redirect(InputSource target) {
        install();
        InputSource previous = source;
        source = target;
        return () -> source = previous;
    }

    /** Hands out the bytes of one line at a time, asking the source for the next when they run out. */
    private static final class Router extends InputStream {
        private byte[] line = new byte[0];
        private int next;

        @Override
        public synchronized int read() {
            if (!fill()) {
                return -1;
            }
            return line[next++] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] bytes, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int count = Math.min(len, line.length - next);
            System.arraycopy(line, next, bytes, off, count);
            next += count;
            return count;
        }

        @Override
        public synchronized int available() {
            return line.length - next;
        }

        /** Whether there are bytes to read: what is left of the line, or a new line. */
        private boolean fill() {
            if (next < line.length) {
                return true;
            }
            InputSource target = source;
            if (target == null) {
                try {
                    byte[] buffer = new byte[8192];
                    int count = ORIGINAL_IN.read(buffer);
                    line = count < 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, count);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                String text = target.readLine();
                line = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            }
            next = 0;
            return line.length > 0;
        }
    }
}

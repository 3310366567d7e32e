package dev.hookbook.kernel.eval;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out} and {@code System.err} to the running cell.
 *
 * <p>Snippets run in this JVM (JShell's local engine), so their standard streams are the
 * process's. While a {@link #redirect redirection} is in place, everything written goes to its
 * {@link OutputSink}, from the cell's thread and from any thread it started; without one it goes
 * to the process's original streams. Text is passed on as it is written, never held until
 * the cell ends. A cell that closes {@code System.out} or {@code System.err} only flushes it:
 * the streams stay open for the cells that follow.
 */
public final class StandardStreams {

    private static final PrintStream ORIGINAL_OUT = System.out;
    private static final PrintStream ORIGINAL_ERR = System.err;
    private static volatile OutputSink sink;
    private static boolean installed;

    private StandardStreams() {}

    /** Replaces System.out and System.err by the routing streams (once; later calls do nothing). */
    private static synchronized void install() {
        if (installed) {
            return;
        }
        System.setOut(new KeptOpen(new Router(OutputSink.Stream.STDOUT, ORIGINAL_OUT)));
        System.setErr(new KeptOpen(new Router(OutputSink.Stream.STDERR, ORIGINAL_ERR)));
        installed = true;
    }

    /** Sends standard output and error to {@code target} until the returned scope is closed. */
    public static Redirection redirect(OutputSink target) {
        install();
        OutputSink previous = sink;
        sink = target;
        return () -> {
            System.out.flush();
            System.err.flush();
            sink = previous;
        };
    }

    /** The process's standard output as it was before the first redirection: the kernel's own log. */
    public static PrintStream originalOut() {
        return ORIGINAL_OUT;
    }

    /** The process's standard error as it was before the first redirection: the kernel's own log. */
    public static PrintStream originalErr() {
        return ORIGINAL_ERR;
    }

    /** A redirection that ends without throwing. */
    public interface Redirection extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The routing stream as {@code System.out} or {@code System.err}: a cell's {@code close()}
     * only flushes it. The stream is the session's, not the cell's; closed, it would silently drop
     * every later cell's output (a PrintStream swallows the errors of a closed stream).
     */
    private static final class KeptOpen extends PrintStream {
        KeptOpen(Router router) {
            super(router, true, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** Decodes UTF-8 bytes (keeping a split character for the next write) and hands the text on. */
    private static final class Router extends OutputStream {
        private final OutputSink.Stream stream;
        private final PrintStream fallback;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer pending = ByteBuffer.allocate(0);

        Router(OutputSink.Stream stream, PrintStream fallback) {
            this.stream = stream;
            this.fallback = fallback;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) {
            OutputSink target = sink;
            if (target == null) {
                fallback.write(bytes, off, len);
                return;
            }
            ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(bytes, off, len).flip();
            CharBuffer out = CharBuffer.allocate(in.remaining());
            decoder.decode(in, out, false);
            pending = in.slice();
            out.flip();
            if (out.hasRemaining()) {
                target.write(stream, out.toString());
            }
        }

        @Override
        public void flush() {
            if (sink == null) {
                fallback.flush();
            }
        }
    }
}

package dev.hookbook.kernel;

import dev.hookbook.kernel.eval.OutputSink;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends what cells print as Jupyter {@code stream} messages while they run: text is gathered for
 * at most {@value #FLUSH_MS} ms, so a loop printing thousands of lines sends a few messages, not
 * thousands, and a slow loop's lines still appear as they are printed.
 */
final class StreamPublisher implements OutputSink {

    static final long FLUSH_MS = 50;
    private static final int MAX_PENDING = 1 << 16;

    private final Publisher publisher;
    private final StringBuilder pending = new StringBuilder();
    private Stream pendingStream;

    StreamPublisher(Publisher publisher) {
        this.publisher = publisher;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "hookbook-stream-flush");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::flushOrRetry, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The timer's flush: a task that throws is never run again by its executor, so one failure (an
     * OutOfMemoryError while a cell fills the heap) would hold back every later line until the cell's
     * end. The text stays pending and the next tick sends it.
     */
    private void flushOrRetry() {
        try {
            flush();
        } catch (RuntimeException | Error e) {
            // Sent on the next tick, or at the cell's end.
        }
    }

    @Override
    public synchronized void write(Stream stream, String text) {
        if (pendingStream != null && pendingStream != stream) {
            flush(); // keep stdout and stderr in the order they were written
        }
        pendingStream = stream;
        pending.append(text);
        if (pending.length() > MAX_PENDING) {
            flush();
        }
    }

    /**
     * Takes back the end of standard output not yet sent that has no line end yet, such as the
     * {@code "Name: "} of {@code System.out.print("Name: ")} before a read: the front end shows it
     * as the input's prompt instead. Empty when there is none.
     */
    synchronized String takeUnfinishedLine() {
        if (pendingStream != Stream.STDOUT || pending.length() == 0 || pending.charAt(pending.length() - 1) == '\n') {
            return "";
        }
        int start = pending.lastIndexOf("\n") + 1;
        String line = pending.substring(start);
        pending.setLength(start);
        return line;
    }

    /** Sends the text gathered so far (before a display, a result or the reply, to keep the order). */
    synchronized void flush() {
        if (pending.length() == 0) {
            return;
        }
        PublishStream.StreamType type = pendingStream == Stream.STDERR ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT;
        publisher.publish(new PublishStream(type, pending.toString()));
        pending.setLength(0);
    }
}

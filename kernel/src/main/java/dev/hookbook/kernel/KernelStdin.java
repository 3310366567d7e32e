package dev.hookbook.kernel;

import dev.hookbook.kernel.eval.InputSource;
import dev.hookbook.kernel.eval.InputUnavailableException;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * {@code System.in} in the kernel: a read sends {@code input_request} on the stdin channel and
 * waits for the front end's {@code input_reply}, when the running cell's execute request allows
 * stdin. The prompt is what the cell printed on the current line and has not been sent yet
 * ({@code System.out.print("Name: ")}), so the front end shows it once, beside the input box.
 *
 * <p>The wait polls the socket in short steps, so an interrupt ends it on every JDK and the
 * kernel goes on; a reply that comes after an interrupt is dropped before the next request.
 * Each reply is read whole and checked (see {@link RequestReader}), so a stray local peer that
 * sends a frame to the stdin port cannot swallow the user's next reply.
 */
final class KernelStdin implements InputSource {

    static final String NOT_ALLOWED = "System.in: this Jupyter client does not take input (its request said allow_stdin"
            + " false, as nbclient and nbconvert do); give the cell its data as a value or a file instead";
    private static final Logger LOG = LoggerFactory.getLogger(KernelStdin.class);
    private static final int POLL_MS = 100;

    private final StdinChannel stdin;
    private final KernelChannels channels;
    private final StreamPublisher streams;
    private final RequestReader reader;
    private volatile MessageContext request;
    private volatile boolean allowed;
    private volatile boolean interrupted;

    KernelStdin(KernelChannels channels, StreamPublisher streams) {
        this.channels = channels;
        this.stdin = channels.stdin();
        this.streams = streams;
        this.reader = channels.stdinReader();
    }

    /** The execute request whose cell runs now, and whether it allows stdin. */
    void cell(MessageContext request, boolean allowStdin) {
        this.request = request;
        this.allowed = allowStdin;
    }

    /** Ends a read that waits for the front end (an interrupt). */
    void interrupt() {
        interrupted = true;
    }

    @Override
    public synchronized String readLine() {
        if (!allowed || request == null) {
            throw new InputUnavailableException(NOT_ALLOWED);
        }
        interrupted = false;
        // A poller of its own for each read: a read stopped mid-poll leaves nothing behind.
        try (ZMQ.Poller poller = channels.stdinPoller()) {
            dropLateReplies(poller);
            String prompt = streams.takeUnfinishedLine();
            streams.flush();
            stdin.sendMessage(new Message<>(request, InputRequest.MESSAGE_TYPE, new InputRequest(prompt, false)));
            while (!interrupted) {
                if (poller.poll(POLL_MS) > 0 && poller.pollin(0)) {
                    String value = reply();
                    if (value != null) {
                        return value + "\n";
                    }
                }
            }
        }
        throw new InputUnavailableException("System.in: the read was interrupted before the front end sent a line");
    }

    /** The value of the message waiting on the socket, if it is an input reply. */
    private String reply() {
        try {
            Message<?> message = reader.read(stdin);
            if (message.getContent() instanceof InputReply reply) {
                return reply.getValue();
            }
            LOG.warn("Dropped a {} message on the stdin channel: expected input_reply", message.getHeader().getType());
        } catch (RequestReader.Refused e) {
            LOG.warn("Dropped a message on the stdin channel: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Dropped a message on the stdin channel: {}", e.toString());
        }
        return null;
    }

    private void dropLateReplies(ZMQ.Poller poller) {
        while (poller.poll(0) > 0 && poller.pollin(0)) {
            reply();
        }
    }
}

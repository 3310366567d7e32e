package dev.hookbook.kernel;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.util.Map;

/**
 * The shell or the control channel: reads requests on its own thread and hands each to its handler.
 *
 * <p>It replaces the protocol library's own loop for three reasons: each ZeroMQ message is read
 * whole and a malformed one is dropped whole (see {@link RequestReader}), so a stray peer cannot
 * shift the frames of the next request; a message whose signature does not match the connection
 * key, or that repeats a signature already received, is dropped and logged, and the channel
 * keeps serving (the library's loop would stop on it); and the loop waits on the socket instead of sleeping between polls, so a request is
 * picked up at once.
 */
final class RequestChannel extends ShellChannel {

    private static final Logger LOG = LoggerFactory.getLogger(RequestChannel.class);
    private static final int POLL_MS = 100;

    private final String channelName;
    private final boolean control;
    private final Map<MessageType<?>, ShellHandler<?>> handlers;
    private final StdinChannel stdin;
    private final RequestReader reader;
    private final JupyterSocket iopub;
    private final Runnable onShutdownRequest;
    private volatile boolean running;
    private Thread thread;

    RequestChannel(ZMQ.Context context, HMACGenerator signer, SignatureHistory seen, boolean control, Map<MessageType<?>, ShellHandler<?>> handlers,
                   StdinChannel stdin, JupyterSocket iopub, Runnable onShutdownRequest) {
        super(context, signer, control, null);
        this.channelName = control ? "control" : "shell";
        this.control = control;
        this.handlers = handlers;
        this.stdin = stdin;
        this.reader = new RequestReader(signer, seen);
        this.iopub = iopub;
        this.onShutdownRequest = onShutdownRequest;
    }

    @Override
    public void bind(KernelConnectionProperties connection) {
        int port = control ? connection.getControlPort() : connection.getShellPort();
        bind(formatAddress(connection.getTransport(), connection.getIp(), port));
        running = true;
        thread = new Thread(this::serve, "hookbook-" + channelName);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        while (running) {
            if (poller.poll(POLL_MS) <= 0) {
                continue;
            }
            Message<?> message;
            try {
                message = reader.read(this);
            } catch (RequestReader.Refused e) {
                LOG.warn("Dropped a message on the {} channel: {}", channelName, e.getMessage());
                continue;
            }
            handle(message);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message) {
        MessageType<?> type = message.getHeader().getType();
        ShellHandler handler = handlers.get(type);
        if (handler == null) {
            LOG.info("No handler for {} on the {} channel", type.getName(), channelName);
            return;
        }
        Reply env = new Reply(this, stdin, iopub, message);
        try {
            handler.handle(env, message);
        } catch (Exception e) {
            LOG.warn("Handling {} failed", type.getName(), e);
        } finally {
            try {
                env.resolveDeferrals();
            } catch (RuntimeException e) {
                LOG.warn("Could not send the replies to {}", type.getName(), e);
            }
        }
        if (env.isMarkedForShutdown()) {
            running = false;
            onShutdownRequest.run();
        }
    }

    /** Stops reading requests; waits briefly for a request being handled. */
    void stop() {
        running = false;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void waitUntilClose() {
        // The kernel waits for the shutdown request itself, see KernelChannels.
    }

    /** The library's reply environment, whose constructor is only open to subclasses. */
    private static final class Reply extends ShellReplyEnvironment {
        Reply(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context) {
            super(shell, stdin, iopub, context);
        }
    }
}

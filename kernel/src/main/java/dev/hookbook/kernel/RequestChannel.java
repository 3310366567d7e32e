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
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The shell or the control channel: reads requests on its own thread and hands each to its handler.
 *
 * <p>It replaces the protocol library's own loop for three reasons: each ZeroMQ message is read
 * whole and a malformed one is dropped whole (see {@link RequestReader}), so a stray peer cannot
 * shift the frames of the next request; a message whose signature does not match the connection
 * key, or that repeats a signature already received, is dropped and logged, and the channel
 * keeps serving (the library's loop would stop on it); and the loop waits on the socket instead of sleeping between polls, so a request is
 * picked up at once. As ipykernel does, the execute requests waiting behind a cell that failed
 * with {@code stop_on_error} are answered {@code aborted}; the control channel runs no cells.
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
    private volatile boolean abortQueued;
    private Thread thread;
    // Requests read while a cell ran (see whileServing), handled in order once it has ended.
    private final Deque<Message<?>> deferred = new ArrayDeque<>();
    private ZMQ.Poller poller;
    private ExecutorService cells;

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
        this.poller = poller;
        while (running) {
            try {
                serveOne(poller);
            } catch (VirtualMachineError e) {
                // An OutOfMemoryError while a cell filled the heap, say: a channel thread that ended
                // here would leave the kernel answering nothing while its heartbeat goes on.
                logFailure(e);
            }
        }
    }

    private void serveOne(ZMQ.Poller poller) {
        if (!deferred.isEmpty()) {
            handle(deferred.poll(), poller);
            return;
        }
        if (poller.poll(POLL_MS) <= 0) {
            return;
        }
        Message<?> message = readOrDrop();
        if (message != null) {
            handle(message, poller);
        }
    }

    private void logFailure(Throwable failure) {
        try {
            LOG.warn("The {} channel goes on after {}", channelName, failure.toString());
        } catch (RuntimeException | Error e) {
            // No room even to log it: go on regardless.
        }
    }

    /** The next message on the socket, or null when the reader refused it (logged, and dropped). */
    private Message<?> readOrDrop() {
        try {
            return reader.read(this);
        } catch (RequestReader.Refused e) {
            LOG.warn("Dropped a message on the {} channel: {}", channelName, e.getMessage());
            return null;
        }
    }

    /**
     * After the cell that is being handled fails with {@code stop_on_error}, the execute requests
     * already waiting on the socket are answered {@code aborted} instead of run, as ipykernel
     * answers them; other requests waiting with them are handled as usual. Call on this channel's
     * own thread (from a handler).
     */
    void abortQueuedExecuteRequests() {
        abortQueued = true;
    }

    /** The requests waiting on the socket now, read before the failing cell's reply goes out. */
    private List<Message<?>> takeWaiting(ZMQ.Poller poller) {
        List<Message<?>> waiting = new ArrayList<>(deferred);
        deferred.clear();
        while (poller.poll(0) > 0) {
            try {
                waiting.add(reader.read(this));
            } catch (RequestReader.Refused e) {
                LOG.warn("Dropped a message on the {} channel: {}", channelName, e.getMessage());
            }
        }
        return waiting;
    }

    private void abortExecuteRequests(List<Message<?>> waiting, ZMQ.Poller poller) {
        for (Message<?> message : waiting) {
            if (!running) {
                return;
            }
            if (message.getHeader().getType() == MessageType.EXECUTE_REQUEST) {
                Reply env = new Reply(this, stdin, iopub, message);
                env.setStatusBusy();
                env.reply(aborted(message));
                env.setStatusIdle();
            } else {
                handle(message, poller);
            }
        }
    }

    /** ipykernel's answer to a request it did not run: {@code {"status": "aborted"}}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> aborted(Message<?> request) {
        return new Message(request, MessageType.EXECUTE_REPLY, new Aborted());
    }

    /**
     * ipykernel handles an execute request on the control channel on its control thread; here a
     * cell run from the control thread would keep interrupt and kernel_info waiting behind it
     * (forever for an endless loop) and would publish under the running shell cell's header. So
     * the control channel answers it at once with an error saying where cells go.
     */
    private void refuseExecuteOnControl(Message<?> message) {
        Reply env = new Reply(this, stdin, iopub, message);
        env.setStatusBusy();
        env.replyError(ExecuteReply.MESSAGE_TYPE.error(), new ErrorReply(EXECUTE_ON_CONTROL, EXECUTE_ON_CONTROL_MESSAGE, List.of()));
        env.setStatusIdle();
    }

    static final String EXECUTE_ON_CONTROL = "ExecuteOnControl";
    static final String EXECUTE_ON_CONTROL_MESSAGE = "execute_request is answered on the shell channel;"
            + " the control channel runs no cells, so that interrupt, kernel_info and shutdown are always answered at once";

    /** The content of an aborted reply, as ipykernel sends it. */
    private static final class Aborted {
        @SuppressWarnings("unused") // read by Gson
        private final String status = "aborted";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message, ZMQ.Poller poller) {
        MessageType<?> type = message.getHeader().getType();
        if (control && type == MessageType.EXECUTE_REQUEST) {
            refuseExecuteOnControl(message);
            return;
        }
        ShellHandler handler = handlers.get(type);
        if (handler == null) {
            LOG.info("No handler for {} on the {} channel", type.getName(), channelName);
            return;
        }
        Reply env = new Reply(this, stdin, iopub, message);
        List<Message<?>> waiting = List.of();
        try {
            handler.handle(env, message);
        } catch (Exception e) {
            LOG.warn("Handling {} failed", type.getName(), e);
        } finally {
            // Only what waits now is aborted: a request sent after the client saw the error runs.
            if (abortQueued) {
                abortQueued = false;
                waiting = takeWaiting(poller);
            }
            try {
                env.resolveDeferrals();
            } catch (RuntimeException e) {
                LOG.warn("Could not send the replies to {}", type.getName(), e);
            }
        }
        abortExecuteRequests(waiting, poller);
        if (env.isMarkedForShutdown()) {
            running = false;
            onShutdownRequest.run();
        }
    }

    /**
     * Runs {@code work} (a cell) on a thread of its own while this channel's thread goes on
     * reading the socket: requests of the types in {@code now} (the comm messages) are handled as
     * they come, so a widget moved in the browser reaches Java while the cell runs; every other
     * request waits, in order, until the work has ended (as it would have waited on the socket).
     * Call on this channel's own thread, from a handler. ipykernel handles comm messages only
     * between cells.
     */
    <T> T whileServing(Set<MessageType<?>> now, Callable<T> work) throws Exception {
        if (cells == null) {
            cells = Executors.newSingleThreadExecutor(task -> {
                Thread cell = new Thread(task, "hookbook-cell");
                cell.setDaemon(true);
                return cell;
            });
        }
        // The poll wakes for a message on the socket or for the cell's end, written to a pipe.
        Pipe ended = Pipe.open();
        ended.source().configureBlocking(false);
        ZMQ.Poller both = ctx.poller(2);
        int socket = both.register(this, ZMQ.Poller.POLLIN);
        both.register(ended.source(), ZMQ.Poller.POLLIN);
        Future<T> result = cells.submit(() -> {
            try {
                return work.call();
            } finally {
                ended.sink().write(ByteBuffer.wrap(new byte[] {1}));
            }
        });
        try {
            while (!result.isDone()) {
                if (both.poll(POLL_MS) <= 0 || !both.pollin(socket)) {
                    continue;
                }
                Message<?> message = readOrDrop();
                if (message == null) {
                    continue;
                }
                if (now.contains(message.getHeader().getType())) {
                    handle(message, poller);
                } else {
                    deferred.add(message);
                }
            }
        } finally {
            both.close();
            ended.source().close();
            ended.sink().close();
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
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

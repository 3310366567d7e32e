package dev.hookbook.kernel;

import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The kernel's five ZeroMQ sockets, bound to the address and ports of the connection file and
 * signing with its key: shell and control (requests, see {@link RequestChannel}), IOPub
 * (broadcasts), stdin and heartbeat.
 */
final class KernelChannels {

    private final KernelConnectionProperties connection;
    private final ZMQ.Context context = ZMQ.context(1);
    private final Map<MessageType<?>, ShellHandler<?>> handlers = new ConcurrentHashMap<>();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final HeartbeatChannel heartbeat;
    private final IOPubChannel iopub;
    private final StdinChannel stdin;
    private final RequestChannel shell;
    private final RequestChannel control;
    private final RequestReader stdinReader;

    KernelChannels(KernelConnectionProperties connection) throws GeneralSecurityException {
        this.connection = connection;
        HMACGenerator signer = connection.createHMACGenerator();
        this.heartbeat = new HeartbeatChannel(context, signer);
        this.iopub = new IOPubChannel(context, signer);
        this.stdin = new StdinChannel(context, signer);
        // One history for both channels: a request captured on one must not run when sent to the other.
        SignatureHistory seen = new SignatureHistory();
        this.shell = new RequestChannel(context, signer, seen, false, handlers, stdin, iopub, shutdown::countDown);
        this.control = new RequestChannel(context, signer, seen, true, handlers, stdin, iopub, shutdown::countDown);
        this.stdinReader = new RequestReader(signer, seen);
    }

    /**
     * Reads input replies off the stdin socket a whole message at a time, checked as the shell's
     * requests are, so that a stray peer's frames cannot take the place of the user's reply.
     */
    RequestReader stdinReader() {
        return stdinReader;
    }

    /** Answers {@code aborted} to the execute requests waiting on the shell channel once the current one is handled. */
    void abortQueuedExecuteRequests() {
        shell.abortQueuedExecuteRequests();
    }

    /** Runs {@code work} while the shell channel goes on handling the requests of the types in {@code now}, see {@link RequestChannel#whileServing}. */
    <T> T whileServing(java.util.Set<MessageType<?>> now, java.util.concurrent.Callable<T> work) throws Exception {
        return shell.whileServing(now, work);
    }

    /** Answers requests of {@code type} with {@code handler}, on whichever channel they come. */
    <T> void handle(MessageType<T> type, ShellHandler<T> handler) {
        handlers.put(type, handler);
    }

    IOPubChannel iopub() {
        return iopub;
    }

    StdinChannel stdin() {
        return stdin;
    }

    /** A poller that says when a message waits on the stdin socket (close it after use). */
    ZMQ.Poller stdinPoller() {
        ZMQ.Poller poller = context.poller(1);
        poller.register(stdin, ZMQ.Poller.POLLIN);
        return poller;
    }

    /** Binds every socket and starts serving; publishes the {@code starting} status. */
    void open() {
        // A PUB socket drops what it sends once a subscriber is 1,000 messages behind (ZeroMQ's
        // default high-water mark): a cell that opens and updates widgets by the thousand, read by a
        // front end slowed by a loaded machine, then lost comm_opens and its idle status (the front
        // end waited for ever). No mark: the messages wait in the kernel until the front end reads them.
        iopub.setSndHWM(0);
        for (JupyterSocket socket : sockets()) {
            socket.setLinger(1000);
            socket.bind(connection);
        }
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    /** Blocks until a shutdown request has been answered. */
    void awaitShutdownRequest() throws InterruptedException {
        shutdown.await();
    }

    /** Ends {@link #awaitShutdownRequest()} without a request (the front end has gone). */
    void shutDown() {
        shutdown.countDown();
    }

    /** Stops serving and closes the sockets, sending what is still queued. */
    void close() {
        shell.stop();
        control.stop();
        for (JupyterSocket socket : sockets()) {
            socket.close();
        }
        context.close();
    }

    private List<JupyterSocket> sockets() {
        return List.of(heartbeat, iopub, stdin, shell, control);
    }
}

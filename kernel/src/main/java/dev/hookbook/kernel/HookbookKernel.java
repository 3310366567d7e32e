package dev.hookbook.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import dev.hookbook.display.Comms;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.eval.Completeness;
import dev.hookbook.kernel.eval.Completions;
import dev.hookbook.kernel.render.Renderers;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Hookbook Jupyter kernel: Java through JShell, with the engine and the viz preloaded.
 *
 * <p>The protocol library ({@code org.dflib.jjava:jjava-jupyter}) provides the message types,
 * signing and the handlers for kernel info, inspect, complete, is_complete, shutdown and
 * interrupt; this class answers them from a {@link Session}, and executes cells itself so that
 * output streams while a cell runs and errors keep their cell line numbers.
 */
final class HookbookKernel extends BaseKernel {

    private static final Logger LOG = LoggerFactory.getLogger(HookbookKernel.class);

    private final Renderers renderers = new Renderers();
    private final CompletableFuture<Session> session;
    private KernelDisplay display;
    private Publisher publisher;
    private StreamPublisher streams;
    private KernelStdin stdin;
    private SessionGlobals globals; // installed for the life of the kernel: its process ends with it
    private KernelChannels channels;
    private KernelComms comms;
    private MemoryGuard memory; // stops a cell that is about to fill the heap
    /**
     * The requests handled while a cell runs: the front end's comm messages (widgets moved in the
     * browser), and completion, inspection and is_complete, answered at once from the evaluator's
     * analysis-only JShell (ipykernel answers these on control while a cell runs, on shell after it).
     */
    private static final Set<MessageType<?>> SERVED_WHILE_A_CELL_RUNS = Set.of(MessageType.COMM_OPEN_COMMAND, MessageType.COMM_MSG_COMMAND,
            MessageType.COMM_CLOSE_COMMAND, MessageType.COMM_INFO_REQUEST,
            MessageType.COMPLETE_REQUEST, MessageType.INSPECT_REQUEST, MessageType.IS_COMPLETE_REQUEST);
    // Whether an execute request is being handled, and whether an interrupt came for it. An
    // interrupt can come before the cell's code starts (the first cell waits for JShell to
    // start): the cell checks the flag before each block of code, so it is not lost.
    private final Object cellState = new Object();
    private boolean cellRunning; // guarded by cellState
    private volatile boolean cellInterrupted;

    HookbookKernel(Path workingDirectory) {
        super("hookbook", version(), languageInfo(), List.of(), null, new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(), new Renderer(), null, null, false, new StringStyler.Builder().build());
        // Starting JShell takes a second or two: do it while the front end connects.
        this.session = CompletableFuture.supplyAsync(() -> {
            Session started = Session.start(workingDirectory, renderers);
            started.startupProblems().forEach(p -> LOG.warn("Start-up script: {}", p));
            return started;
        });
    }

    /** Wires the kernel's handlers, output and display to {@code channels}. */
    void connect(KernelChannels channels) {
        this.channels = channels;
        publisher = new Publisher(channels.iopub());
        streams = new StreamPublisher(publisher);
        display = new KernelDisplay(publisher, streams, renderers, FrontEnd.ofThisProcess());
        // Everything printed from now on, by a cell or by a thread it started, goes to the front end.
        stdin = new KernelStdin(channels, streams);
        globals = SessionGlobals.install(renderers, streams, display, stdin);
        commManager.setIOPubChannel(channels.iopub());
        channels.handle(MessageType.EXECUTE_REQUEST, this::handleExecuteRequest);
        channels.handle(MessageType.INSPECT_REQUEST, this::handleInspectRequest);
        channels.handle(MessageType.COMPLETE_REQUEST, this::handleCompleteRequest);
        channels.handle(MessageType.IS_COMPLETE_REQUEST, this::handleIsCodeCompeteRequest);
        channels.handle(MessageType.KERNEL_INFO_REQUEST, this::handleKernelInfoRequest);
        channels.handle(MessageType.HISTORY_REQUEST, this::handleHistoryRequest);
        channels.handle(MessageType.SHUTDOWN_REQUEST, this::handleShutdownRequest);
        channels.handle(MessageType.INTERRUPT_REQUEST, this::handleInterruptRequest);
        memory = new MemoryGuard(() -> {
            if (session.isDone() && !session.isCompletedExceptionally()) {
                session.join().interrupt();
            }
        });
        comms = new KernelComms(channels.iopub(), publisher, streams);
        Comms.install(comms); // the widgets reach the front end through it, for the life of the kernel
        session.thenAccept(started -> started.addRenewalRoots(comms::callbacks));
        channels.handle(MessageType.COMM_OPEN_COMMAND, comms::handleOpen);
        channels.handle(MessageType.COMM_MSG_COMMAND, comms::handleMessage);
        channels.handle(MessageType.COMM_CLOSE_COMMAND, comms::handleClose);
        channels.handle(MessageType.COMM_INFO_REQUEST, comms::handleInfo);
    }

    private Session session() {
        try {
            return session.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the Java session could not start: " + e.getCause(), e.getCause());
        }
    }

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        int count = silent ? executionCount.get() : executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        publisher.parent(message);
        commManager.setMessageContext(message);
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        stdin.cell(message, request.isStdinEnabled());
        synchronized (cellState) {
            cellRunning = true;
            cellInterrupted = false;
        }
        boolean failed = false;
        try {
            Optional<MimeBundle> result;
            memory.cellStarted();
            try {
                result = servingComms(() -> session().run(request.getCode(), "In [" + count + "]", () -> cellInterrupted));
            } catch (CellException | RuntimeException | Error e) {
                Optional<CellException> full = memory.cellEnded();
                if (full.isPresent()) {
                    throw full.get();
                }
                throw e;
            } finally {
                memory.cellEnded();
                display.cellEnded(); // live outputs show their final state before the reply
            }
            streams.flush();
            if (result.isPresent() && !silent) {
                MimeBundle shown = display.forFrontEnd(result.get(), display.new ImageFile());
                env.publish(new PublishExecuteResult(count, KernelDisplay.toDisplayData(shown, null)));
            }
            Map<String, JsonObject> values = userExpressions(request.getUserExpr());
            streams.flush();
            if (values.isEmpty()) {
                env.defer().reply(new ExecuteReply(count, Map.of()));
            } else {
                env.defer().reply(withUserExpressions(message, count, values));
            }
        } catch (CellException e) {
            failed = true;
            replyError(env, count, e);
        } catch (RuntimeException e) {
            failed = true;
            replyError(env, count, CellException.of(e));
        } catch (StackOverflowError | InternalError | AssertionError | LinkageError | OutOfMemoryError e) {
            // Whatever else escapes a cell, it gets a reply: a handler that throws leaves the
            // front end waiting for good while the heartbeat says the kernel is alive.
            failed = true;
            replyError(env, count, CellException.of(e));
        } finally {
            synchronized (cellState) {
                cellRunning = false;
            }
        }
        if (failed && !silent && request.shouldStopOnError()) {
            // As ipykernel: the cells sent behind a failing one are answered "aborted", not run.
            channels.abortQueuedExecuteRequests();
        }
    }

    /** Runs a cell while the front end's comm messages are still handled (see {@link RequestChannel#whileServing}). */
    private Optional<MimeBundle> servingComms(Callable<Optional<MimeBundle>> cell) throws CellException {
        try {
            return channels.whileServing(SERVED_WHILE_A_CELL_RUNS, cell);
        } catch (CellException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The values of the request's {@code user_expressions}, evaluated after the cell as ipykernel
     * evaluates them: each one's rich display data, or its error; none when the cell failed.
     */
    private Map<String, JsonObject> userExpressions(Map<String, String> expressions) {
        if (expressions == null || expressions.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonObject> values = new LinkedHashMap<>();
        expressions.forEach((name, expression) -> values.put(name, evaluate(expression)));
        return values;
    }

    /** One user expression's value as ipykernel writes it: status ok with data and metadata, or status error. */
    private JsonObject evaluate(String expression) {
        JsonObject value = new JsonObject();
        try {
            MimeBundle bundle = session().run(expression, "user_expressions", () -> cellInterrupted)
                    .orElse(MimeBundle.text(""));
            value.addProperty("status", "ok");
            value.add("data", JSON.toJsonTree(bundle.data()));
            value.add("metadata", JSON.toJsonTree(bundle.metadata()));
        } catch (CellException | RuntimeException e) {
            CellException error = e instanceof CellException cell ? cell : CellException.of(e);
            value.addProperty("status", "error");
            value.addProperty("ename", error.name());
            value.addProperty("evalue", error.value());
            value.add("traceback", JSON.toJsonTree(error.traceback()));
        }
        return value;
    }

    /** An execute reply with the values of its user expressions (the library's reply writes them in another form). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> withUserExpressions(Message<?> request, int count, Map<String, JsonObject> values) {
        return new Message(request, ExecuteReply.MESSAGE_TYPE, new UserExpressionsReply(count, values));
    }

    private static final Gson JSON = new Gson();

    /** The content of an execute reply that carries user expressions. */
    private static final class UserExpressionsReply {
        @SuppressWarnings("unused") // read by Gson
        private final String status = "ok";
        @SerializedName("execution_count")
        private final int executionCount;
        @SerializedName("user_expressions")
        private final Map<String, JsonObject> userExpressions;

        UserExpressionsReply(int executionCount, Map<String, JsonObject> userExpressions) {
            this.executionCount = executionCount;
            this.userExpressions = userExpressions;
        }
    }

    private void replyError(ShellReplyEnvironment env, int count, CellException error) {
        streams.flush();
        env.publish(new PublishError(error.name(), error.value(), error.traceback()));
        ErrorReply reply = new ErrorReply(error.name(), error.value(), error.traceback());
        reply.setExecutionCount(count);
        env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new InfoReply(Header.PROTOCOL_VERISON, name, version, languageInfo, getBanner()));
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        // No history is kept; an empty answer lets front ends that ask go on without waiting.
        env.setBusyDeferIdle();
        env.reply(new OkHistoryReply());
    }

    @Override
    public Object evalRaw(String source) {
        try {
            return session().run(source, "eval").orElse(null);
        } catch (CellException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        // Front ends show text/html where they render it (JupyterLab), text/plain elsewhere.
        return session().inspection(code, at).map(inspection -> {
            DisplayData data = new DisplayData(inspection.text());
            if (inspection.html() != null) {
                data.putHTML(inspection.html());
            }
            return data;
        }).orElse(null);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Completions completions = session().complete(code, at);
        return new ReplacementOptions(completions.matches(), completions.start(), completions.end());
    }

    @Override
    public String isComplete(String code) {
        // jupyter console waits 1 s for this answer and, when none comes, stops asking for the
        // rest of its life (then Enter after "for (...) {" runs the half-written loop). The first
        // prompt can come while JShell still starts: say "unknown" at once rather than be late.
        if (!sessionStartedWithin(IS_COMPLETE_WAIT_MILLIS)) {
            return IS_COMPLETE_MAYBE;
        }
        // The same while a cell runs: the first answer then starts the analysis-only JShell, which
        // took 5 s and more, and jupyter console stopped asking (and then took every late reply for
        // the answer to its next request). That start goes on in the background; this says "unknown".
        Future<Completeness> answer = isCompleteThread.submit(() -> session().isComplete(code));
        Completeness completeness;
        try {
            completeness = answer.get(IS_COMPLETE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return IS_COMPLETE_MAYBE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return IS_COMPLETE_MAYBE;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
        return switch (completeness.status()) {
            case COMPLETE -> IS_COMPLETE_YES;
            case INVALID -> IS_COMPLETE_BAD;
            case UNKNOWN -> IS_COMPLETE_MAYBE;
            case INCOMPLETE -> completeness.indent();
        };
    }

    private static final long IS_COMPLETE_WAIT_MILLIS = 500;
    // Answers is_complete off the channel's thread, so that a slow answer can be given up on.
    private final ExecutorService isCompleteThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "hookbook-is-complete");
        thread.setDaemon(true);
        return thread;
    });

    /** Whether the session has started, waiting for it at most {@code millis}. */
    private boolean sessionStartedWithin(long millis) {
        try {
            session.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // session() reports why it could not start
        }
    }

    @Override
    public void interrupt() {
        synchronized (cellState) {
            if (cellRunning) {
                cellInterrupted = true;
            }
        }
        if (stdin != null) {
            stdin.interrupt();
        }
        if (session.isDone() && !session.isCompletedExceptionally()) {
            session.join().interrupt();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        interrupt();
    }

    private static String version() {
        Package kernelPackage = HookbookKernel.class.getPackage();
        String version = kernelPackage == null ? null : kernelPackage.getImplementationVersion();
        return version == null ? dev.hookbook.Hookbook.VERSION : version;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    /** The library's history_reply, with the {@code status} field ipykernel sends. */
    private static final class OkHistoryReply extends HistoryReply {
        @SuppressWarnings("unused") // read by Gson
        private final String status = "ok";

        OkHistoryReply() {
            super(List.of());
        }
    }

    /** The library's comm_info_reply, with the {@code status} field ipykernel sends. */
    static final class OkCommInfoReply extends CommInfoReply {
        @SuppressWarnings("unused") // read by Gson
        private final String status = "ok";

        OkCommInfoReply(Map<String, CommInfo> comms) {
            super(comms);
        }
    }

    /** The library's kernel_info_reply, with the {@code status} field front ends check. */
    private static final class InfoReply extends KernelInfoReply {
        @SuppressWarnings("unused") // read by Gson
        private final String status = "ok";

        InfoReply(String protocol, String name, String version, LanguageInfo language, String banner) {
            super(protocol, name, version, language, banner, List.of());
        }
    }
}

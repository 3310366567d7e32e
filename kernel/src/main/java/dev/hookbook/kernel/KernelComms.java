package dev.hookbook.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.hookbook.display.CommListener;
import dev.hookbook.display.Comms;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The kernel's comms, as ipykernel's comm manager keeps them: {@code comm_open}, {@code comm_msg}
 * and {@code comm_close} in both directions, with binary buffers as the frames after the
 * content, and {@code comm_info_request} answered with the open comms. Installed as the
 * engine's {@link Comms}, so the viz's widgets reach the front end without kernel classes.
 *
 * <p>The shell thread only reads the front end's comm messages (also while a cell runs, see
 * {@link RequestChannel#whileServing}); the listeners run on one thread of their own, in the
 * order the messages came, so a listener that takes long never holds up the shell, and a cell's
 * loop sees a value moved in the browser at once.
 */
final class KernelComms implements Comms {

    private static final Logger LOG = LoggerFactory.getLogger(KernelComms.class);
    /** JSON with its nulls: a widget's state has keys whose value is null. */
    private static final Gson JSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private record Open(String target, CommListener listener) {}

    private final JupyterSocket iopub;
    private final Publisher publisher;
    private final StreamPublisher streams;
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Map<String, CommOpener> targets = new ConcurrentHashMap<>();
    private final ExecutorService listeners = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "hookbook-comms");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * What the session registered here, by name: the listener of each open comm (a widget, with
     * its observers) and each target's opener; they may hold lambdas written in cells.
     */
    Map<String, ?> callbacks() {
        Map<String, Object> callbacks = new LinkedHashMap<>();
        open.forEach((id, comm) -> callbacks.put("comm " + id + " (" + comm.target() + ")", comm.listener()));
        targets.forEach((name, opener) -> callbacks.put("comm target " + name, opener));
        return callbacks;
    }

    KernelComms(JupyterSocket iopub, Publisher publisher, StreamPublisher streams) {
        this.iopub = iopub;
        this.publisher = publisher;
        this.streams = streams;
    }

    // ---- from the kernel to the front end ----

    @Override
    public void open(String commId, String targetName, Map<String, Object> data, Map<String, Object> metadata,
                     List<byte[]> buffers, CommListener listener) {
        open.put(commId, new Open(targetName, listener));
        publish(CommOpenCommand.MESSAGE_TYPE, new Content(commId, targetName, data), buffers, metadata);
    }

    @Override
    public void send(String commId, Map<String, Object> data, List<byte[]> buffers) {
        if (open.containsKey(commId)) {
            publish(CommMsgCommand.MESSAGE_TYPE, new Content(commId, null, data), buffers, Map.of());
        }
    }

    @Override
    public void close(String commId, Map<String, Object> data) {
        if (open.remove(commId) != null) {
            publish(CommCloseCommand.MESSAGE_TYPE, new Content(commId, null, data), List.of(), Map.of());
        }
    }

    @Override
    public void registerTarget(String targetName, CommOpener opener) {
        targets.put(targetName, opener);
    }

    @Override
    public String currentRequestId() {
        MessageContext request = publisher.parent();
        return request == null || request.getHeader() == null ? "" : request.getHeader().getId();
    }

    /** How many comms are open now. */
    int openCount() {
        return open.size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void publish(MessageType<?> type, Content content, List<byte[]> buffers, Map<String, Object> metadata) {
        // What was printed before goes out before: an Output widget's capture ends after its block's text.
        streams.flush();
        // No buffers must be null, not an empty list: the library then sends the content frame
        // with "more to come" and the message runs into the next one.
        List<byte[]> frames = buffers.isEmpty() ? null : new ArrayList<>(buffers);
        iopub.sendMessage(new Message(publisher.parent(), type, content, frames, new LinkedHashMap<>(metadata)));
    }

    // ---- from the front end, on the shell thread ----

    void handleOpen(ReplyEnvironment env, Message<CommOpenCommand> message) {
        env.setBusyDeferIdle();
        CommOpenCommand request = message.getContent();
        String id = request.getCommID();
        CommOpener opener = targets.get(request.getTargetName());
        if (opener == null) {
            // As ipykernel: a comm for a target nobody registered is closed again at once.
            LOG.warn("No comm target '{}' is registered; closing comm {}", request.getTargetName(), id);
            publish(CommCloseCommand.MESSAGE_TYPE, new Content(id, null, Map.of()), List.of(), Map.of());
            return;
        }
        Map<String, Object> data = toJava(request.getData());
        List<byte[]> buffers = message.getBlobs() == null ? List.of() : message.getBlobs();
        open.put(id, new Open(request.getTargetName(), null)); // counted at once; the listener comes on the comms thread
        listeners.execute(() -> {
            try {
                open.computeIfPresent(id, (key, pending) -> new Open(pending.target(), opener.opened(id, data, buffers)));
            } catch (RuntimeException e) {
                LOG.warn("Opening comm {} for '{}' failed", id, request.getTargetName(), e);
            }
        });
    }

    void handleMessage(ReplyEnvironment env, Message<CommMsgCommand> message) {
        env.setBusyDeferIdle();
        String id = message.getContent().getCommID();
        Map<String, Object> data = toJava(message.getContent().getData());
        List<byte[]> buffers = message.getBlobs() == null ? List.of() : message.getBlobs();
        listeners.execute(() -> {
            Open comm = open.get(id);
            if (comm == null || comm.listener() == null) {
                LOG.info("Ignored a comm_msg for comm {}, which is not open", id);
                return;
            }
            try {
                comm.listener().onMessage(data, buffers);
            } catch (RuntimeException e) {
                LOG.warn("A comm_msg for comm {} ({}) failed", id, comm.target(), e);
            }
        });
    }

    void handleClose(ReplyEnvironment env, Message<CommCloseCommand> message) {
        env.setBusyDeferIdle();
        String id = message.getContent().getCommID();
        Map<String, Object> data = toJava(message.getContent().getData());
        Open comm = open.remove(id);
        if (comm == null) {
            LOG.info("Ignored a comm_close for comm {}, which is not open", id);
            return;
        }
        listeners.execute(() -> {
            try {
                if (comm.listener() != null) {
                    comm.listener().onClose(data);
                }
            } catch (RuntimeException e) {
                LOG.warn("Closing comm {} failed", id, e);
            }
        });
    }

    /** The open comms with their targets: all of them, or those of the requested target. */
    void handleInfo(ReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        String target = message.getContent().getTargetName();
        Map<String, CommInfoReply.CommInfo> comms = new LinkedHashMap<>();
        open.forEach((id, comm) -> {
            if (target == null || target.equals(comm.target())) {
                comms.put(id, new CommInfoReply.CommInfo(comm.target()));
            }
        });
        env.reply(new HookbookKernel.OkCommInfoReply(comms));
    }

    // ---- JSON ----

    /** A comm message's content, its data written as JSON with nulls kept (the library's writer drops them). */
    private static final class Content {
        @SerializedName("comm_id")
        private final String commId;
        @SerializedName("target_name")
        private final String targetName;
        private final RawJson data;

        Content(String commId, String targetName, Map<String, Object> data) {
            this.commId = commId;
            this.targetName = targetName;
            this.data = new RawJson(JSON.toJson(data));
        }
    }

    /** JSON text written as it is into the message. */
    @JsonAdapter(RawJson.Writer.class)
    private record RawJson(String json) {
        static final class Writer extends TypeAdapter<RawJson> {
            @Override
            public void write(JsonWriter out, RawJson value) throws java.io.IOException {
                out.jsonValue(value.json());
            }

            @Override
            public RawJson read(JsonReader in) {
                throw new UnsupportedOperationException("written only");
            }
        }
    }

    /** JSON as plain Java values: maps, lists, strings, booleans, null, and numbers as Long when whole, else Double. */
    static Map<String, Object> toJava(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (object != null) {
            object.entrySet().forEach(entry -> map.put(entry.getKey(), toJava(entry.getValue())));
        }
        return map;
    }

    private static Object toJava(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonObject()) {
            return toJava(element.getAsJsonObject());
        }
        if (element.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonElement item : (JsonArray) element) {
                list.add(toJava(item));
            }
            return list;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            String text = primitive.getAsString();
            boolean whole = !text.contains(".") && !text.contains("e") && !text.contains("E");
            return whole ? (Object) primitive.getAsLong() : (Object) primitive.getAsDouble();
        }
        return primitive.getAsString();
    }
}

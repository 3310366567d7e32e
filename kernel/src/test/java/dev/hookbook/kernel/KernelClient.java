package dev.hookbook.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A Jupyter client over ZeroMQ, as a front end talks to the kernel: signed requests on the shell
 * and control channels, broadcasts read from IOPub. Single-threaded, for tests.
 */
final class KernelClient implements AutoCloseable {

    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final ZContext context = new ZContext();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final String base;
    private ZMQ.Socket stdin;
    private final String key;
    private final int connectionStdinPort;
    private final String session = UUID.randomUUID().toString();
    // Broadcasts read while waiting for something else, kept for whoever asks next.
    private final List<Received> unclaimed = new ArrayList<>();
    private final List<JsonObject> unclaimedReplies = new ArrayList<>();

    KernelClient(JsonObject connection) {
        this.key = connection.get("key").getAsString();
        this.connectionStdinPort = connection.get("stdin_port").getAsInt();
        base = "tcp://" + connection.get("ip").getAsString() + ":";
        shell = context.createSocket(SocketType.DEALER);
        // The stdin socket shares the shell's identity, as jupyter_client's do: the kernel sends
        // a cell's input_request to the identity its execute_request came from.
        shell.setIdentity(bytes(session));
        shell.connect(base + connection.get("shell_port").getAsInt());
        control = context.createSocket(SocketType.DEALER);
        control.connect(base + connection.get("control_port").getAsInt());
        iopub = context.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.connect(base + connection.get("iopub_port").getAsInt());
    }

    /** One message read from a channel, with the time it arrived. */
    record Received(JsonObject message, Instant at) {
        String type() {
            return message.getAsJsonObject("header").get("msg_type").getAsString();
        }

        JsonObject content() {
            return message.getAsJsonObject("content");
        }

        String parentId() {
            JsonObject parent = message.getAsJsonObject("parent_header");
            return parent.has("msg_id") ? parent.get("msg_id").getAsString() : "";
        }
    }

    /** What a request produced: its reply and the broadcasts it caused, in order. */
    record Exchange(JsonObject reply, List<Received> broadcasts, Instant replyAt) {
        JsonObject replyContent() {
            return reply.getAsJsonObject("content");
        }

        List<Received> ofType(String type) {
            return broadcasts.stream().filter(m -> m.type().equals(type)).toList();
        }

        /** The text of every stream message, joined. */
        String streamText(String name) {
            StringBuilder text = new StringBuilder();
            for (Received m : ofType("stream")) {
                if (m.content().get("name").getAsString().equals(name)) {
                    text.append(m.content().get("text").getAsString());
                }
            }
            return text.toString();
        }
    }

    /** Waits until the kernel answers kernel_info and its broadcasts reach this client. */
    JsonObject waitUntilReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String id = send(shell, "kernel_info_request", new JsonObject(), key);
            JsonObject reply = awaitReply(shell, id, Duration.ofSeconds(2));
            if (reply != null && awaitIdle(id, Duration.ofSeconds(1)) != null) {
                return reply.getAsJsonObject("content");
            }
        }
        throw new AssertionError("the kernel did not answer kernel_info within " + timeout);
    }

    Exchange execute(String code, Duration timeout) {
        String id = sendExecute(code);
        return await(shell, id, timeout);
    }

    String sendExecute(String code) {
        return send(shell, "execute_request", executeContent(code), key);
    }

    static JsonObject executeContent(String code) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", false);
        content.addProperty("store_history", true);
        content.add("user_expressions", new JsonObject());
        content.addProperty("allow_stdin", false);
        content.addProperty("stop_on_error", true);
        return content;
    }

    /** Sends a request on the shell channel signed with {@code signingKey} (the wrong one, to test rejection). */
    String sendSignedWith(String signingKey, String type, JsonObject content) {
        return send(shell, type, content, signingKey);
    }

    /** Sends a request on the shell channel and returns its id, without waiting. */
    String sendShellRequest(String type, JsonObject content) {
        return send(shell, type, content, key);
    }

    Exchange shellRequest(String type, JsonObject content, Duration timeout) {
        return await(shell, send(shell, type, content, key), timeout);
    }

    Exchange controlRequest(String type, JsonObject content, Duration timeout) {
        return await(control, send(control, type, content, key), timeout);
    }

    /** The reply to request {@code id} on the shell channel, with its broadcasts. */
    Exchange awaitShellReply(String id, Duration timeout) {
        return await(shell, id, timeout);
    }

    /** The shell reply to {@code id} if one comes within {@code timeout}, else null. */
    JsonObject pollShellReply(String id, Duration timeout) {
        return awaitReply(shell, id, timeout);
    }

    /** Broadcasts about request {@code id} that arrive within {@code timeout}. */
    List<Received> broadcastsFor(String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Received m = read(iopub, 50);
            if (m != null) {
                unclaimed.add(m);
            }
        }
        return unclaimed.stream().filter(m -> m.parentId().equals(id)).toList();
    }

    private Exchange await(ZMQ.Socket socket, String id, Duration timeout) {
        JsonObject reply = awaitReply(socket, id, timeout);
        if (reply == null) {
            throw new AssertionError("no reply to " + id + " within " + timeout);
        }
        Instant replyAt = Instant.now();
        List<Received> broadcasts = awaitIdle(id, timeout);
        if (broadcasts == null) {
            throw new AssertionError("no idle status after " + id + " within " + timeout);
        }
        return new Exchange(reply, broadcasts, replyAt);
    }

    /** Broadcasts for {@code id} up to its idle status, or null if it does not come in time. */
    private List<Received> awaitIdle(String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Received> mine = unclaimed.stream().filter(m -> m.parentId().equals(id)).toList();
            boolean idle = mine.stream().anyMatch(m -> m.type().equals("status")
                    && m.content().get("execution_state").getAsString().equals("idle"));
            if (idle) {
                unclaimed.removeAll(mine);
                return mine;
            }
            Received m = read(iopub, 50);
            if (m != null) {
                unclaimed.add(m);
            }
        }
        return null;
    }

    private JsonObject awaitReply(ZMQ.Socket socket, String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonObject reply : unclaimedReplies) {
                if (reply.getAsJsonObject("parent_header").get("msg_id").getAsString().equals(id)) {
                    unclaimedReplies.remove(reply);
                    return reply;
                }
            }
            Received m = read(socket, 50);
            if (m != null) {
                unclaimedReplies.add(m.message());
            }
            // Read broadcasts meanwhile so their timestamps say when they really arrived.
            Received b;
            while ((b = read(iopub, 0)) != null) {
                unclaimed.add(b);
            }
        }
        return null;
    }

    private String send(ZMQ.Socket socket, String type, JsonObject content, String signingKey) {
        String id = UUID.randomUUID().toString();
        sendFrames(socket, requestFrames(id, type, content, signingKey));
        return id;
    }

    /** Connects the stdin channel (once) and returns it. */
    private ZMQ.Socket stdin() {
        if (stdin == null) {
            stdin = context.createSocket(SocketType.DEALER);
            stdin.setIdentity(bytes(session));
            stdin.connect(base + connectionStdinPort);
        }
        return stdin;
    }

    /** The next input_request on the stdin channel, or null if none comes within {@code timeout}. */
    JsonObject awaitInputRequest(Duration timeout) {
        Received m = read(stdin(), (int) timeout.toMillis());
        return m == null ? null : m.message();
    }

    /** Answers an input_request with {@code value}, as a front end does when the user presses enter. */
    void sendInputReply(String value) {
        JsonObject content = new JsonObject();
        content.addProperty("value", value);
        send(stdin(), "input_reply", content, key);
    }

    /** Sends {@code frames} as one message on the shell channel, as they are. */
    void sendShellFrames(List<byte[]> frames) {
        sendFrames(shell, frames);
    }

    private static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size() - 1; i++) {
            socket.sendMore(frames.get(i));
        }
        socket.send(frames.get(frames.size() - 1));
    }

    /**
     * The frames of a request with id {@code id}, as a DEALER sends them: the delimiter, the
     * signature, then header, parent header, metadata and content.
     */
    List<byte[]> requestFrames(String id, String type, JsonObject content) {
        return requestFrames(id, type, content, key);
    }

    private List<byte[]> requestFrames(String id, String type, JsonObject content, String signingKey) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", id);
        header.addProperty("session", session);
        header.addProperty("username", "test");
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", "5.3");
        byte[][] parts = {
                bytes(header.toString()), bytes("{}"), bytes("{}"), bytes(content.toString())
        };
        return List.of(DELIMITER, bytes(sign(signingKey, parts)), parts[0], parts[1], parts[2], parts[3]);
    }

    /** Reads one message within {@code timeoutMs}, checking the kernel's signature. */
    private Received read(ZMQ.Socket socket, int timeoutMs) {
        socket.setReceiveTimeOut(timeoutMs);
        byte[] frame = socket.recv();
        if (frame == null) {
            return null;
        }
        socket.setReceiveTimeOut(-1);
        while (!java.util.Arrays.equals(frame, DELIMITER)) {
            frame = socket.recv();
        }
        String signature = socket.recvStr();
        byte[][] parts = new byte[4][];
        for (int i = 0; i < 4; i++) {
            parts[i] = socket.recv();
        }
        while (socket.hasReceiveMore()) {
            socket.recv();
        }
        if (!signature.equals(sign(key, parts))) {
            throw new AssertionError("the kernel sent a message with a wrong signature");
        }
        JsonObject message = new JsonObject();
        message.add("header", parse(parts[0]));
        message.add("parent_header", parse(parts[1]));
        message.add("metadata", parse(parts[2]));
        message.add("content", parse(parts[3]));
        return new Received(message, Instant.now());
    }

    private static JsonElement parse(byte[] json) {
        return JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String sign(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}

package dev.hookbook.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.zeromq.ZMQ;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads one request off a shell or control socket: all frames of one ZeroMQ message, checked as a
 * whole before anything of it is used.
 *
 * <p>The protocol library reads frame by frame until it sees the {@code <IDS|MSG>} delimiter and
 * then takes the next five frames, wherever they come from: a peer that sends one stray frame
 * makes it read the next client's frames as the rest of that message, so the client's request
 * is lost or its reply goes to the stray peer. ZeroMQ delivers the frames of one message
 * together, so reading exactly one message and refusing it whole when it is not a well-formed,
 * signed Jupyter message keeps every other peer's traffic intact.
 */
final class RequestReader {

    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    /** Signature, header, parent header, metadata and content follow the delimiter. */
    private static final int PARTS_AFTER_DELIMITER = 5;
    private static final Type JSON_OBJECT_AS_MAP = new TypeToken<Map<String, Object>>() {}.getType();
    // The library's own wire format (its Gson is private to its socket class), built the same way.
    private static final Gson REPLY_GSON = new GsonBuilder()
            .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
            .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
            .create();
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(REPLY_GSON))
            .create();

    /** A message that was read and refused; {@link #getMessage()} says why, for the log. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final HMACGenerator signer;
    private final SignatureHistory history;

    RequestReader(HMACGenerator signer, SignatureHistory history) {
        this.signer = signer;
        this.history = history;
    }

    /** Reads the message waiting on {@code socket}, every frame of it, and returns it if it is sound. */
    Message<?> read(ZMQ.Socket socket) throws Refused {
        return parse(receiveAllFrames(socket));
    }

    private static List<byte[]> receiveAllFrames(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        do {
            frames.add(socket.recv());
        } while (socket.hasReceiveMore());
        return frames;
    }

    Message<?> parse(List<byte[]> frames) throws Refused {
        int delimiter = indexOfDelimiter(frames);
        if (delimiter < 0) {
            throw new Refused(frames.size() + " frame(s) without the <IDS|MSG> delimiter");
        }
        List<byte[]> parts = frames.subList(delimiter + 1, frames.size());
        if (parts.size() < PARTS_AFTER_DELIMITER) {
            throw new Refused(parts.size() + " frame(s) after the delimiter, " + PARTS_AFTER_DELIMITER + " needed");
        }
        String signature = new String(parts.get(0), StandardCharsets.US_ASCII);
        byte[] header = parts.get(1), parent = parts.get(2), metadata = parts.get(3), content = parts.get(4);
        String expected = signer.calculateSignature(header, parent, metadata, content);
        if (expected != null) {  // null: the connection has no key, messages are not signed
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), parts.get(0))) {
                throw new Refused("its signature does not match the connection key");
            }
            if (!history.firstSighting(signature)) {
                throw new Refused("it replays a signature already received in this session");
            }
        }
        try {
            return toMessage(frames.subList(0, delimiter), header, parent, metadata, content,
                    parts.subList(PARTS_AFTER_DELIMITER, parts.size()));
        } catch (RuntimeException e) {
            throw new Refused("unreadable header or content: " + e);
        }
    }

    private static int indexOfDelimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> toMessage(List<byte[]> identities, byte[] headerJson, byte[] parentJson,
                                        byte[] metadataJson, byte[] contentJson, List<byte[]> buffers) {
        Header<?> header = GSON.fromJson(text(headerJson), Header.class);
        if (header == null || header.getType() == null) {
            throw new IllegalArgumentException("no msg_type");
        }
        JsonElement parentTree = JsonParser.parseString(text(parentJson));
        Header<?> parent = parentTree.isJsonObject() && !parentTree.getAsJsonObject().isEmpty()
                ? GSON.fromJson(parentTree, Header.class) : null;
        Map<String, Object> metadata = GSON.fromJson(text(metadataJson), JSON_OBJECT_AS_MAP);
        Object content = GSON.fromJson(text(contentJson), header.getType().getContentType());
        if (content == null) {
            throw new IllegalArgumentException("no content");
        }
        return new Message(new ArrayList<>(identities), header, parent, metadata, content, new ArrayList<>(buffers));
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}

package dev.hookbook.widgets;

import dev.hookbook.display.CommListener;
import dev.hookbook.display.Comms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Comms that record what a widget sends, and let a test play the front end. */
final class RecordingComms implements Comms, AutoCloseable {

    record Sent(String kind, String commId, String target, Map<String, Object> data, Map<String, Object> metadata, List<byte[]> buffers) {}

    final List<Sent> sent = new ArrayList<>();
    final Map<String, CommListener> listeners = new ConcurrentHashMap<>();
    final Map<String, CommOpener> targets = new ConcurrentHashMap<>();
    private final Comms previous;

    RecordingComms() {
        previous = Comms.install(this);
    }

    @Override
    public synchronized void open(String commId, String targetName, Map<String, Object> data, Map<String, Object> metadata,
                                  List<byte[]> buffers, CommListener listener) {
        sent.add(new Sent("open", commId, targetName, data, metadata, buffers));
        listeners.put(commId, listener);
    }

    @Override
    public synchronized void send(String commId, Map<String, Object> data, List<byte[]> buffers) {
        sent.add(new Sent("msg", commId, null, data, Map.of(), buffers));
    }

    @Override
    public synchronized void close(String commId, Map<String, Object> data) {
        sent.add(new Sent("close", commId, null, data, Map.of(), List.of()));
        listeners.remove(commId);
    }

    @Override
    public void registerTarget(String targetName, CommOpener opener) {
        targets.put(targetName, opener);
    }

    @Override
    public String currentRequestId() {
        return "request-1";
    }

    synchronized List<Sent> sent() {
        return new ArrayList<>(sent);
    }

    synchronized Sent last() {
        return sent.get(sent.size() - 1);
    }

    /** The front end sends {@code data} on comm {@code id}. */
    void fromFrontEnd(String id, Map<String, Object> data, List<byte[]> buffers) {
        listeners.get(id).onMessage(data, buffers);
    }

    @Override
    public void close() {
        Comms.install(previous);
    }
}

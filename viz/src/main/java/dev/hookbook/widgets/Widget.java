package dev.hookbook.widgets;

import dev.hookbook.display.CommListener;
import dev.hookbook.display.Comms;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Jupyter widget (ipywidgets' {@code Widget}): a model whose state is kept in step with its
 * companion in the front end over a {@code jupyter.widget} comm, as the widget protocol 2.1 of
 * ipywidgets 8 describes. Shown with {@code display(widget)} (or as a cell's value), it renders
 * as {@code application/vnd.jupyter.widget-view+json}, with a {@code text/plain} fallback for
 * front ends without widgets.
 *
 * <p>The comm is opened the first time the widget is shown (or shown inside a box, or linked);
 * before that, and outside a kernel, the widget works locally: {@link #value()},
 * {@link #setValue}, {@link #observe}. {@link #setValue} may be called from any thread; a value
 * moved in the browser is seen by {@link #value()} at once, even while a cell runs.
 *
 * @param <T> the type of the widget's value
 */
public abstract class Widget<T> implements Renderable {

    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String BASE = "@jupyter-widgets/base";
    static final String VERSION = "2.0.0";
    /** The widget protocol version sent in each {@code comm_open}'s metadata (ipywidgets 8). */
    public static final String PROTOCOL_VERSION = "2.1.0";
    /** The comm target of widget models. */
    public static final String TARGET = "jupyter.widget";
    /** The MIME type a widget's view is shown with. */
    public static final String VIEW_MIME = "application/vnd.jupyter.widget-view+json";
    static final String REFERENCE = "IPY_MODEL_";

    private final String id = UUID.randomUUID().toString().replace("-", "");
    private final Map<String, Object> state = new LinkedHashMap<>(); // guarded by this
    private final List<Consumer<? super T>> observers = new CopyOnWriteArrayList<>();
    private final List<Widget<?>> owned = new ArrayList<>();
    private volatile Comms comms; // set while the comm is open
    private volatile boolean closed;

    /** A controls model of {@code modelName} with its view {@code viewName} (null: none). */
    Widget(String modelName, String viewName) {
        this(CONTROLS, VERSION, modelName, CONTROLS, viewName);
    }

    /** A model of {@code modelName} in {@code module}, with view {@code viewName} in {@code viewModule}. */
    Widget(String module, String moduleVersion, String modelName, String viewModule, String viewName) {
        state.put("_model_module", module);
        state.put("_model_module_version", moduleVersion);
        state.put("_model_name", modelName);
        state.put("_view_count", null);
        state.put("_view_module", viewModule);
        state.put("_view_module_version", moduleVersion);
        state.put("_view_name", viewName);
    }

    /** Sets a key of the initial state (in a constructor: nothing is sent, nobody told). */
    final synchronized void setInitial(String key, Object value) {
        state.put(key, value);
    }

    /** ipywidgets' {@code DOMWidget} keys: CSS classes, the layout model, tabbable and tooltip. */
    void domWidget() {
        state.put("_dom_classes", List.of());
        state.put("layout", own(new Layout()));
        state.put("tabbable", null);
        state.put("tooltip", null);
    }

    /** ipywidgets' {@code DescriptionWidget} keys, with {@code style} as a reference to its style model. */
    void describedBy(String description, Style style) {
        domWidget();
        state.put("description", description == null ? "" : description);
        state.put("description_allow_html", false);
        state.put("style", own(style));
    }

    /** A reference to a model this widget owns (its layout, its style): opened before it, closed with it. */
    final String own(Widget<?> model) {
        owned.add(model);
        return model.reference();
    }

    /** The model's id, which is also its comm's id. */
    public final String modelId() {
        return id;
    }

    /** {@code "IPY_MODEL_<id>"}, how a state refers to this model. */
    final String reference() {
        return REFERENCE + id;
    }

    /** The widget's value. */
    public abstract T value();

    /** Sets the value here and, when the widget is shown, in the front end; from any thread. */
    public abstract void setValue(T value);

    /** The state key holding the value whose changes {@link #observe} reports. */
    String valueKey() {
        return "value";
    }

    /**
     * Calls {@code listener} with the new value each time it changes, from Java or from the
     * front end (on the kernel's comm thread). Mirrors ipywidgets' {@code observe(handler, 'value')}.
     */
    public final Widget<T> observe(Consumer<? super T> listener) {
        observers.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** A copy of the full state, as sent in {@code comm_open}: the JSON values, and {@code byte[]} for binary ones. */
    public final synchronized Map<String, Object> state() {
        return new LinkedHashMap<>(state);
    }

    /** One state value. */
    final synchronized Object get(String key) {
        return state.get(key);
    }

    /**
     * Sets state {@code key}; when it changed, sends an {@code update} with it (if the comm is
     * open) and, for the value, tells the observers.
     */
    final void set(String key, Object value) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put(key, value);
        setAll(change);
    }

    /** Sets several keys in one {@code update}. */
    final void setAll(Map<String, Object> changes) {
        Map<String, Object> changed = new LinkedHashMap<>();
        synchronized (this) {
            changes.forEach((key, value) -> {
                if (!sameValue(state.get(key), value) || !state.containsKey(key)) {
                    state.put(key, value);
                    changed.put(key, value);
                }
            });
        }
        if (changed.isEmpty()) {
            return;
        }
        Comms open = comms;
        if (open != null) {
            open.send(id, message("update", changed), buffers(changed));
        }
        notifyIfValueChanged(changed.keySet());
    }

    private void notifyIfValueChanged(Set<String> keys) {
        if (keys.contains(valueKey()) && !observers.isEmpty()) {
            T value = value();
            for (Consumer<? super T> observer : observers) {
                observer.accept(value);
            }
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    /** Shows the widget in the front end: opens its comm (and those of the models it refers to) once. */
    final void ensureOpen() {
        Comms current = Comms.current().orElse(null);
        if (current == null || closed || comms != null) {
            return;
        }
        for (Widget<?> model : referenced()) {
            model.ensureOpen();
        }
        synchronized (this) {
            if (comms != null) {
                return;
            }
            Map<String, Object> full = new LinkedHashMap<>(state);
            Map<String, Object> data = new LinkedHashMap<>();
            List<List<Object>> paths = bufferPaths(full);
            List<byte[]> buffers = buffers(full);
            full.keySet().removeIf(key -> full.get(key) instanceof byte[]);
            data.put("state", full);
            data.put("buffer_paths", paths);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("version", PROTOCOL_VERSION);
            Widgets.opened(this);
            current.open(id, TARGET, data, metadata, buffers, new FrontEnd());
            comms = current;
        }
    }

    /** Whether the widget's comm is open (it has been shown in a live kernel and not closed). */
    public final boolean isOpen() {
        return comms != null;
    }

    /** The models this one refers to, which must exist in the front end before it. */
    List<Widget<?>> referenced() {
        return owned;
    }

    /**
     * Closes the widget: its comm (and those of its layout and style) are closed, and the front
     * end removes its views. Mirrors ipywidgets' {@code close()}. Values set after this stay local.
     */
    public void close() {
        closed = true;
        Comms open = comms;
        comms = null;
        if (open != null) {
            open.close(id, Map.of());
        }
        Widgets.closed(this);
        for (Widget<?> model : owned) {
            model.close();
        }
    }

    /** A {@code custom} message from the front end (a button's click). */
    void onCustom(Map<String, Object> content) {}

    /** Sends a {@code custom} message to the front end (ipywidgets' {@code Widget.send}). */
    final void sendCustom(Map<String, Object> content) {
        Comms open = comms;
        if (open != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("method", "custom");
            data.put("content", content);
            open.send(id, data, List.of());
        }
    }

    /** Applies an {@code update} from the front end: echoes it (protocol 2.1), then sets it. */
    final void receive(Map<String, Object> changes) {
        Comms open = comms;
        Map<String, Object> echo = new LinkedHashMap<>(changes);
        synchronized (this) {
            echo.keySet().retainAll(state.keySet()); // as ipywidgets: only the widget's own keys
        }
        if (open != null && !echo.isEmpty()) {
            open.send(id, message("echo_update", echo), buffers(echo));
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        synchronized (this) {
            changes.forEach((key, value) -> {
                if (state.containsKey(key) && !key.startsWith("_model") && !key.startsWith("_view")) {
                    if (!sameValue(state.get(key), value)) {
                        changed.put(key, value);
                    }
                    state.put(key, value);
                }
            });
        }
        notifyIfValueChanged(changed.keySet());
    }

    /** The full state as an {@code update} message, the answer to {@code request_state}. */
    final void sendState() {
        Comms open = comms;
        if (open != null) {
            Map<String, Object> full = state();
            open.send(id, message("update", full), buffers(full));
        }
    }

    /** {@code {"method": method, "state": ..., "buffer_paths": ...}}, binary values left out of the state. */
    static Map<String, Object> message(String method, Map<String, Object> changes) {
        Map<String, Object> json = new LinkedHashMap<>(changes);
        List<List<Object>> paths = bufferPaths(json);
        json.keySet().removeIf(key -> json.get(key) instanceof byte[]);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", method);
        data.put("state", json);
        data.put("buffer_paths", paths);
        return data;
    }

    static List<List<Object>> bufferPaths(Map<String, Object> state) {
        List<List<Object>> paths = new ArrayList<>();
        state.forEach((key, value) -> {
            if (value instanceof byte[]) {
                paths.add(List.of(key));
            }
        });
        return paths;
    }

    static List<byte[]> buffers(Map<String, Object> state) {
        List<byte[]> buffers = new ArrayList<>();
        state.values().forEach(value -> {
            if (value instanceof byte[] bytes) {
                buffers.add(bytes);
            }
        });
        return buffers;
    }

    /** Messages from the front end, on the kernel's comm thread. */
    private final class FrontEnd implements CommListener {
        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Map<String, Object> data, List<byte[]> buffers) {
            Object method = data.get("method");
            if ("update".equals(method) && data.get("state") instanceof Map<?, ?> changes) {
                Map<String, Object> state = new LinkedHashMap<>((Map<String, Object>) changes);
                placeBuffers(state, data.get("buffer_paths"), buffers);
                receive(state);
            } else if ("request_state".equals(method)) {
                sendState();
            } else if ("custom".equals(method) && data.get("content") instanceof Map<?, ?> content) {
                onCustom((Map<String, Object>) content);
            }
        }

        @Override
        public void onClose(Map<String, Object> data) {
            comms = null;
            closed = true;
            Widgets.closed(Widget.this);
        }
    }

    /** Puts each buffer at its path; Hookbook's widgets keep binary values at the top of the state. */
    private static void placeBuffers(Map<String, Object> state, Object paths, List<byte[]> buffers) {
        if (!(paths instanceof List<?> list)) {
            return;
        }
        for (int i = 0; i < list.size() && i < buffers.size(); i++) {
            if (list.get(i) instanceof List<?> path && path.size() == 1 && path.get(0) instanceof String key) {
                state.put(key, buffers.get(i));
            }
        }
    }

    /** The {@code text/plain} fallback: the class and the value, as ipywidgets' repr. */
    @Override
    public String toString() {
        String description = get("description") instanceof String text && !text.isEmpty()
                ? "description='" + text + "', " : "";
        return getClass().getSimpleName() + "(" + description + "value=" + plainValue() + ")";
    }

    /** The value as the text fallback shows it. */
    String plainValue() {
        Object value = value();
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }

    /**
     * The widget's view ({@code {"version_major": 2, "version_minor": 0, "model_id": ...}}) with
     * its plain-text fallback; outside a kernel only the fallback. Showing it opens the comm.
     */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        ensureOpen();
        MimeBundle bundle = MimeBundle.text(toString());
        fallback(bundle);
        if (isOpen()) {
            bundle.with(VIEW_MIME, "{\"version_major\": 2, \"version_minor\": 0, \"model_id\": \"" + id + "\"}");
        }
        return bundle;
    }

    /** Adds richer fallbacks (an image's PNG) for front ends without widgets. */
    void fallback(MimeBundle bundle) {}

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

package dev.hookbook.widgets;

import dev.hookbook.display.CommListener;
import dev.hookbook.display.Comms;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import org.jfree.chart.JFreeChart;

import java.awt.image.RenderedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Functions over widgets: {@link #jslink} (ipywidgets' {@code jslink}) and {@link #interact}
 * (ipywidgets' {@code interact}); and the kernel side of the {@code jupyter.widget.control} comm,
 * through which a front end that reconnects asks for the state of every open widget.
 */
public final class Widgets {

    /** The comm target of the widget manager's control channel (ipywidgets 8, control protocol 1.0.0). */
    public static final String CONTROL_TARGET = "jupyter.widget.control";

    private static final Map<String, Widget<?>> OPEN = new ConcurrentHashMap<>();
    private static final Set<Comms> CONTROL_REGISTERED = ConcurrentHashMap.newKeySet();

    private Widgets() {}

    /**
     * Keeps {@code source}'s {@code sourceKey} and {@code target}'s {@code targetKey} equal in the
     * front end (ipywidgets' {@code jslink((source, 'value'), (target, 'value'))}): a {@link Play}
     * drives a slider without a round trip through the kernel. Returns the link; close it to unlink.
     */
    public static Link jslink(Widget<?> source, String sourceKey, Widget<?> target, String targetKey) {
        return new Link(source, sourceKey, target, targetKey);
    }

    /** {@link #jslink(Widget, String, Widget, String)} of the two widgets' values. */
    public static Link jslink(Widget<?> source, Widget<?> target) {
        return jslink(source, source.valueKey(), target, target.valueKey());
    }

    /**
     * The controls and what {@code function} returns, shown below them, computed again whenever a
     * control moves (ipywidgets' {@code interact}). The function reads the controls' values. It
     * runs off the kernel's threads, one run at a time; moves that come while it runs are
     * coalesced into one more run, so dragging a slider never queues a run per pixel. A chart, an
     * image or a value with a PNG is shown as an {@link Image}; anything else as text.
     */
    public static VBox interact(Supplier<?> function, Widget<?>... controls) {
        List<Widget<?>> children = new ArrayList<>(List.of(controls));
        children.add(interactiveOutput(function, controls));
        return new VBox(children.toArray(Widget<?>[]::new));
    }

    /**
     * What {@code function} returns, computed again whenever a control moves, as in
     * {@link #interact} but without the controls, for a view that lays them out itself
     * (ipywidgets' {@code interactive_output}). Its picture is the box's {@code lastImage()}.
     */
    public static VBox interactiveOutput(Supplier<?> function, Widget<?>... controls) {
        Interaction interaction = new Interaction(function);
        for (Widget<?> control : controls) {
            control.observe(value -> interaction.request());
        }
        interaction.runNow();
        return interaction.view;
    }

    /** How many widgets have an open comm now. */
    public static int openCount() {
        return OPEN.size();
    }

    static void opened(Widget<?> widget) {
        OPEN.put(widget.modelId(), widget);
        Comms.current().ifPresent(comms -> {
            if (CONTROL_REGISTERED.add(comms)) {
                comms.registerTarget(CONTROL_TARGET, (id, data, buffers) -> new Control(comms, id));
            }
        });
    }

    static void closed(Widget<?> widget) {
        OPEN.remove(widget.modelId());
    }

    /**
     * The control comm: {@code request_states} is answered with {@code update_states}, the full
     * state of each open widget, its binary values as buffers (as ipywidgets 8 answers it).
     */
    private record Control(Comms comms, String commId) implements CommListener {
        @Override
        public void onMessage(Map<String, Object> data, List<byte[]> buffers) {
            if (!"request_states".equals(data.get("method"))) {
                return;
            }
            Map<String, Object> states = new LinkedHashMap<>();
            List<List<Object>> paths = new ArrayList<>();
            List<byte[]> binary = new ArrayList<>();
            for (Widget<?> widget : OPEN.values()) {
                Map<String, Object> state = widget.state();
                for (List<Object> path : Widget.bufferPaths(state)) {
                    paths.add(List.of(widget.modelId(), "state", path.get(0)));
                }
                binary.addAll(Widget.buffers(state));
                state.keySet().removeIf(key -> state.get(key) instanceof byte[]);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("model_name", state.get("_model_name"));
                entry.put("model_module", state.get("_model_module"));
                entry.put("model_module_version", state.get("_model_module_version"));
                entry.put("state", state);
                states.put(widget.modelId(), entry);
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("method", "update_states");
            reply.put("states", states);
            reply.put("buffer_paths", paths);
            comms.send(commId, reply, binary);
        }
    }

    /** One {@link #interact}: the view, and the coalesced re-runs of the function. */
    private static final class Interaction {
        private static final ExecutorService REDRAW = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "hookbook-widgets-interact");
            thread.setDaemon(true);
            return thread;
        });

        private final Supplier<?> function;
        private final Image image = new Image();
        private final HTML text = new HTML("");
        private final VBox view = new VBox(image, text);
        private final AtomicBoolean wanted = new AtomicBoolean();
        private final AtomicBoolean running = new AtomicBoolean();

        Interaction(Supplier<?> function) {
            this.function = function;
        }

        /** A control moved: run again, once, after the run in progress. */
        void request() {
            wanted.set(true);
            if (running.compareAndSet(false, true)) {
                REDRAW.execute(this::drain);
            }
        }

        private void drain() {
            try {
                while (wanted.getAndSet(false)) {
                    runNow();
                }
            } finally {
                running.set(false);
            }
            if (wanted.get() && running.compareAndSet(false, true)) {
                REDRAW.execute(this::drain); // a move came between the last run and the end of this one
            }
        }

        void runNow() {
            Object result;
            try {
                result = function.get();
            } catch (RuntimeException e) {
                show(null, "<pre>" + escape(e.toString()) + "</pre>");
                return;
            }
            if (result instanceof JFreeChart chart) {
                image.setValue(chart);
                show(image, null);
            } else if (result instanceof RenderedImage picture) {
                image.setValue(picture);
                show(image, null);
            } else if (result instanceof Renderable renderable) {
                MimeBundle bundle = renderable.toMimeBundle(Set.of(MimeBundle.PNG));
                String png = bundle.data().get(MimeBundle.PNG);
                if (png != null) {
                    image.setValue(java.util.Base64.getDecoder().decode(png));
                    show(image, null);
                } else {
                    String html = bundle.data().get(MimeBundle.HTML);
                    show(null, html != null ? html : "<pre>" + escape(bundle.plainText()) + "</pre>");
                }
            } else {
                show(null, "<pre>" + escape(String.valueOf(result)) + "</pre>");
            }
        }

        private void show(Image shown, String html) {
            view.setValue(shown != null ? List.of(image) : List.of(text));
            if (html != null) {
                text.setValue(html);
            }
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}

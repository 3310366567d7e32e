package dev.hookbook.kernel.render;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;
import dev.hookbook.display.Renderable;
import dev.hookbook.display.RendererProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns values into {@link MimeBundle}s: the renderers a notebook session uses for cell results
 * and {@code display(...)}, in the kernel and in the notebook runner alike. A value that is
 * {@link Renderable} renders itself (a {@code Tensor} as text and an HTML table, an {@code Html}
 * value, a {@code ModelSummary} or a {@code CallTrace} as their HTML and text, a
 * {@code GraphView} as SVG and PNG, a {@link MimeBundle} as itself); a value of a type that a
 * {@link MimeRenderer} of a {@link RendererProvider} on the class path names goes to that
 * renderer (the viz registers
 * JFreeChart charts, as PNG and SVG when asked, see {@link #chartFormats}, and any
 * {@code RenderedImage}, as PNG); anything else (a Module's repr included) shows as its
 * {@code toString()}.
 *
 * <p>In a notebook, register your own with
 * {@code Renderers.current().register(MyType.class, v -> MimeBundle.html(..., v.toString()))};
 * the latest registration for a type wins over older ones and over the built-in renderers.
 */
public final class Renderers {

    private static volatile Renderers current = new Renderers();

    private final List<Registration<?>> custom = new CopyOnWriteArrayList<>();
    private volatile Set<String> chartFormats = Set.of(MimeBundle.PNG);
    // The renderers each class loader sees, looked up at the first value of a class it loaded.
    // Weak keys: a session's class loader must go when the session moves to a fresh JShell.
    private final Map<ClassLoader, List<MimeRenderer<?>>> found = Collections.synchronizedMap(new WeakHashMap<>());

    /** The renderers of the running notebook session. */
    public static Renderers current() {
        return current;
    }

    /**
     * Makes {@code renderers} the {@link #current()} ones and returns those it replaces
     * ({@link dev.hookbook.kernel.SessionGlobals} does this for a running session).
     */
    public static Renderers install(Renderers renderers) {
        Renderers previous = current;
        current = renderers;
        return previous;
    }

    /** The renderers registered with {@link #register}, the last first. */
    public List<Object> registered() {
        return custom.stream().<Object>map(Registration::renderer).toList();
    }

    /** Renders values of {@code type} (and its subtypes) with {@code renderer} from now on. */
    public <T> Renderers register(Class<T> type, Renderer<? super T> renderer) {
        custom.add(0, new Registration<>(type, renderer));
        return this;
    }

    /**
     * The formats charts are rendered in: {@code image/png}, {@code image/svg+xml} or both
     * (the {@code %chartformat} magic sets it).
     */
    public void chartFormats(String... mimeTypes) {
        Set<String> formats = Set.of(mimeTypes);
        for (String format : formats) {
            if (!format.equals(MimeBundle.PNG) && !format.equals(MimeBundle.SVG)) {
                throw new IllegalArgumentException("charts render as image/png or image/svg+xml, not " + format);
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("name at least one chart format: image/png, image/svg+xml");
        }
        chartFormats = formats;
    }

    /** The formats charts are rendered in. */
    public Set<String> chartFormats() {
        return chartFormats;
    }

    /** {@code value} as a MIME bundle; never fails: a renderer that throws gives plain text saying so. */
    public MimeBundle render(Object value) {
        try {
            return renderOrThrow(value);
        } catch (RuntimeException e) {
            return MimeBundle.text(safeToString(value) + "\n(rendering failed: " + e + ")");
        }
    }

    private MimeBundle renderOrThrow(Object value) {
        for (Registration<?> registration : custom) {
            if (registration.type().isInstance(value)) {
                return registration.render(value);
            }
        }
        if (value instanceof Renderable renderable) {
            return renderable.toMimeBundle(chartFormats);
        }
        for (MimeRenderer<?> renderer : registeredFor(value)) {
            if (renderer.renders(value)) {
                return renderer.render(value, chartFormats);
            }
        }
        return MimeBundle.text(safeToString(value));
    }

    /**
     * The renderers of the {@link RendererProvider}s that the value's class loader sees: the
     * class path's, and those of a jar a cell added ({@code %classpath}, {@code %maven}), in
     * class-path order.
     */
    private List<MimeRenderer<?>> registeredFor(Object value) {
        ClassLoader loader = value == null || value.getClass().getClassLoader() == null
                ? ClassLoader.getSystemClassLoader() : value.getClass().getClassLoader();
        return found.computeIfAbsent(loader, l -> {
            List<MimeRenderer<?>> loaded = new ArrayList<>();
            ServiceLoader.load(RendererProvider.class, l).forEach(provider -> loaded.addAll(provider.renderers()));
            return List.copyOf(loaded);
        });
    }

    private static String safeToString(Object value) {
        if (value != null && value.getClass().isArray()) {
            return arrayToString(value);
        }
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return value.getClass().getName() + " (toString failed: " + e + ")";
        }
    }

    private static String arrayToString(Object array) {
        List<Object> wrapper = new ArrayList<>();
        wrapper.add(array);
        String deep = Arrays.deepToString(wrapper.toArray());
        return deep.substring(1, deep.length() - 1);
    }

    private record Registration<T>(Class<T> type, Renderer<? super T> renderer) {
        MimeBundle render(Object value) {
            return renderer.render(type.cast(value));
        }
    }
}

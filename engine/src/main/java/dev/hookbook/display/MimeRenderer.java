package dev.hookbook.display;

import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * How to render values of a type that cannot implement {@link Renderable} itself (a library's
 * chart type, an image), as IPython's formatters registered {@code for_type}. A jar offers its
 * renderers through a {@link RendererProvider}.
 *
 * @param type   the type rendered (its subtypes too)
 * @param render the value and the notebook's image formats (see {@link Renderable#toMimeBundle}) to its bundle
 * @param <T>    the type rendered
 */
public record MimeRenderer<T>(Class<T> type, BiFunction<? super T, Set<String>, MimeBundle> render) {

    public MimeRenderer {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(render, "render");
    }

    /** A renderer for values of {@code type}. */
    public static <T> MimeRenderer<T> of(Class<T> type, BiFunction<? super T, Set<String>, MimeBundle> render) {
        return new MimeRenderer<>(type, render);
    }

    /** Whether {@code value} is of this renderer's type. */
    public boolean renders(Object value) {
        return type.isInstance(value);
    }

    /** {@code value}, which must be of this renderer's type, as a MIME bundle. */
    public MimeBundle render(Object value, Set<String> imageFormats) {
        return render.apply(type.cast(value), imageFormats);
    }
}

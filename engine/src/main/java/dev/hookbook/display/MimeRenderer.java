package dev.hookbook.display;

import java.util.Set;

/**
 * Renders values of a type that cannot implement {@link Renderable} itself (a library's chart
 * type, an image). A jar registers its renderers for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.hookbook.display.MimeRenderer}, as JJava's extensions and the
 * Kotlin kernel's library descriptors do; the kernel and the notebook runner find them on the
 * class path. A value that matches several renderers gets the first one found.
 *
 * @param <T> the type rendered (and its subtypes)
 */
public interface MimeRenderer<T> {

    /** The type this renders; values of its subtypes too. */
    Class<T> type();

    /** {@code value} as a MIME bundle; see {@link Renderable#toMimeBundle} for {@code imageFormats}. */
    MimeBundle render(T value, Set<String> imageFormats);
}

package dev.hookbook.display;

import java.util.List;

/**
 * A jar's renderers for its own types, found on the class path through
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.hookbook.display.RendererProvider}, as JJava's extensions and the
 * Kotlin kernel's library descriptors are listed. The kernel and the notebook runner ask every
 * provider the value's class loader sees; a value that matches several renderers gets the first.
 */
public interface RendererProvider {

    /** The renderers, the first that matches a value winning. */
    List<MimeRenderer<?>> renderers();
}

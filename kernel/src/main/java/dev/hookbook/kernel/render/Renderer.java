package dev.hookbook.kernel.render;

import dev.hookbook.display.MimeBundle;

/** Turns values of one type into a {@link MimeBundle}; register one with {@link Renderers#register}. */
@FunctionalInterface
public interface Renderer<T> {
    MimeBundle render(T value);
}

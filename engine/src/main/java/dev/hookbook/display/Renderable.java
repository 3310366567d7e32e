package dev.hookbook.display;

import java.util.Set;

/**
 * A value that renders itself in a notebook: it offers its {@link MimeBundle} (plain text, and
 * HTML, PNG or SVG where it has them), as IPython's {@code _repr_mimebundle_} does. The kernel
 * and the notebook runner show a cell's result, or a value passed to {@code display(...)},
 * through this; types a library does not own get a {@link MimeRenderer} instead.
 */
public interface Renderable {

    /**
     * This value as a MIME bundle, with a {@code text/plain} form always.
     *
     * @param imageFormats the image formats ({@link MimeBundle#PNG}, {@link MimeBundle#SVG}) the
     *                     notebook asks charts in (the kernel's {@code %chartformat} magic); a value
     *                     with its own fixed choice of formats may ignore it
     */
    MimeBundle toMimeBundle(Set<String> imageFormats);
}

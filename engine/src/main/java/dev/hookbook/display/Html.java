package dev.hookbook.display;

import java.util.Objects;

/**
 * A value with its own HTML form, for library code that shows rich output without depending on
 * the kernel: a notebook shows {@code html}, a plain console {@code text}.
 *
 * <pre>{@code
 * display(new Html("<b>done</b>", "done"));
 * }</pre>
 */
public record Html(String html, String text) {

    public Html {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }

    /** The text form, as a console prints it. */
    @Override
    public String toString() {
        return text;
    }
}

package dev.hookbook.display;

import java.util.Objects;
import java.util.Set;

/**
 * A value with its own HTML form, for library code that shows rich output without depending on
 * the kernel: a notebook shows {@code html}, a plain console {@code text}.
 *
 * <pre>{@code
 * display(new Html("<b>done</b>", "done"));
 * }</pre>
 */
public record Html(String html, String text) implements Renderable {

    public Html {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }

    /**
     * {@code text} made safe inside HTML text and double-quoted attributes: {@code & < > "} escaped
     * (an apostrophe matters only in single-quoted attributes, which Hookbook's pages do not use).
     */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The HTML, with the text for front ends that show no HTML. */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return MimeBundle.html(html, text);
    }

    /** The text form, as a console prints it. */
    @Override
    public String toString() {
        return text;
    }
}

package dev.hookbook.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One value in several formats, keyed by MIME type ({@code text/plain}, {@code text/html},
 * {@code image/png} as base64, {@code image/svg+xml}), as Jupyter's display messages and
 * notebook outputs carry it. Front ends show the richest format they understand. It is what
 * IPython's {@code _repr_mimebundle_} returns: the data and the metadata by MIME type. A bundle
 * shown as a value renders as itself.
 */
public final class MimeBundle implements Renderable {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";

    private final Map<String, String> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    /** A bundle with only plain text. */
    public static MimeBundle text(String text) {
        return new MimeBundle().with(TEXT, text);
    }

    /** A bundle with HTML and the plain text shown where HTML is not. */
    public static MimeBundle html(String html, String text) {
        return new MimeBundle().with(TEXT, text).with(HTML, html);
    }

    /** Adds (or replaces) the content for {@code mimeType}; images go base64-encoded. */
    public MimeBundle with(String mimeType, String content) {
        data.put(mimeType, content);
        return this;
    }

    /** Adds metadata for {@code mimeType}, such as {@code {"width": 640, "height": 400}} for an image. */
    public MimeBundle withMetadata(String mimeType, Object value) {
        metadata.put(mimeType, value);
        return this;
    }

    /** The formats, in the order they were added. */
    public Map<String, String> data() {
        return Collections.unmodifiableMap(data);
    }

    /** Metadata by MIME type. */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The plain-text form (every bundle should have one), or the empty string. */
    public String plainText() {
        return data.getOrDefault(TEXT, "");
    }

    /** This bundle itself. */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return this;
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet();
    }
}

package dev.hookbook.display;

/** One output shown by {@link Display#display}; {@link #update} replaces it in place. */
public interface DisplayHandle {
    /** The Jupyter {@code display_id} of this output. */
    String id();

    /** Replaces the shown output with a rendering of {@code value}. */
    void update(Object value);
}

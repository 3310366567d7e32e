package dev.hookbook.display;

/** One output shown by {@link Display#display}; {@link #update} replaces it in place. */
public interface DisplayHandle {
    /** The Jupyter {@code display_id} of this output. */
    String id();

    /** Replaces the shown output with a rendering of {@code value}. */
    void update(Object value);

    /** A handle for the output {@code id} whose updates go to {@code update}. */
    static DisplayHandle of(String id, java.util.function.Consumer<Object> update) {
        return new DisplayHandle() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void update(Object value) {
                update.accept(value);
            }
        };
    }
}

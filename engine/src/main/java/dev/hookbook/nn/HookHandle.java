package dev.hookbook.nn;

/**
 * What registering a hook returns: {@link #remove()} unregisters it at once (also from inside
 * a running hook); removing twice does nothing. Works with try-with-resources.
 *
 * <p>It depends on nothing else of Hookbook, so the hook lists of every layer
 * ({@link dev.hookbook.hooks.HookList}) can hand it out; it lives in {@code nn} because that is
 * where users import it from.
 */
public final class HookHandle implements AutoCloseable {
    private final Runnable remover;
    private final String description;
    private boolean removed;

    /** A handle whose {@link #remove()} runs {@code remover} once (hook lists make these). */
    public HookHandle(Runnable remover) {
        this(remover, "a hook");
    }

    /**
     * A handle whose {@link #remove()} runs {@code remover} once and whose {@link #toString()}
     * names the hook, e.g. {@code forward hook #2 on Linear(in_features=4, out_features=3, bias=true)}.
     */
    public HookHandle(Runnable remover, String description) {
        this.remover = remover;
        this.description = description;
    }

    /** Unregisters the hook; the next call or backward no longer runs it. */
    public synchronized void remove() {
        if (!removed) {
            removed = true;
            remover.run();
        }
    }

    /** Whether {@link #remove()} was called. */
    public synchronized boolean isRemoved() {
        return removed;
    }

    @Override
    public void close() {
        remove();
    }

    /** Which hook on which module, as {@code HookHandle(forward hook #2 on Linear(...))}, and whether it was removed. */
    @Override
    public synchronized String toString() {
        return "HookHandle(" + description + (removed ? ", removed" : "") + ")";
    }
}

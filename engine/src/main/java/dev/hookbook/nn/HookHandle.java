package dev.hookbook.nn;

/**
 * What registering a hook returns: {@link #remove()} unregisters it at once (also from inside
 * a running hook); removing twice does nothing. Works with try-with-resources.
 */
public final class HookHandle implements AutoCloseable {
    private final Runnable remover;
    private boolean removed;

    HookHandle(Runnable remover) {
        this.remover = remover;
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
}

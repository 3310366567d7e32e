package dev.hookbook.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hooks in registration order, keyed by handle id as PyTorch keeps them in an ordered dict.
 * Iterating takes a snapshot, so a hook may remove itself or others while the list runs;
 * a hook removed during the run is skipped if it has not run yet.
 */
public final class HookList<H> implements Iterable<H> {
    private final Map<Long, H> hooks = new LinkedHashMap<>();
    private long nextId;

    /** Adds a hook at the end; the handle removes it. */
    public synchronized HookHandle add(H hook) {
        long id = nextId++;
        hooks.put(id, hook);
        return new HookHandle(() -> remove(id));
    }

    private synchronized void remove(long id) {
        hooks.remove(id);
    }

    public synchronized boolean isEmpty() {
        return hooks.isEmpty();
    }

    public synchronized int size() {
        return hooks.size();
    }

    @Override
    public Iterator<H> iterator() {
        List<Map.Entry<Long, H>> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(hooks.entrySet());
        }
        return new Iterator<>() {
            int i = skipRemoved(0);

            private int skipRemoved(int from) {
                while (from < snapshot.size() && !stillRegistered(snapshot.get(from).getKey())) from++;
                return from;
            }

            @Override
            public boolean hasNext() {
                i = skipRemoved(i);
                return i < snapshot.size();
            }

            @Override
            public H next() {
                i = skipRemoved(i);
                if (i >= snapshot.size()) throw new java.util.NoSuchElementException();
                return snapshot.get(i++).getValue();
            }
        };
    }

    private synchronized boolean stillRegistered(long id) {
        return hooks.containsKey(id);
    }
}

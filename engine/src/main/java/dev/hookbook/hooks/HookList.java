package dev.hookbook.hooks;

import dev.hookbook.nn.HookHandle;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Hooks in registration order, as PyTorch keeps them in an ordered dict keyed by handle id.
 * The list is copied on every change and read without locks, because hooks run on every call
 * while they are added and removed rarely. Iterating reads the list as it was when the
 * iteration began, so a hook may remove itself or others while the list runs; a hook removed
 * during the run is skipped if it has not run yet.
 */
public final class HookList<H> implements Iterable<H> {
    /** One registered hook; {@code removed} lets a running iteration skip it at once. */
    private static final class Entry<H> {
        final H hook;
        volatile boolean removed;

        Entry(H hook) {
            this.hook = hook;
        }
    }

    @SuppressWarnings("unchecked")
    private volatile Entry<H>[] entries = new Entry[0];

    /** Adds a hook at the end; the handle removes it. */
    public HookHandle add(H hook) {
        return add(hook, false);
    }

    /** Adds a hook at the end, or with {@code prepend} at the front (PyTorch's {@code prepend=True}). */
    @SuppressWarnings("unchecked")
    public synchronized HookHandle add(H hook, boolean prepend) {
        Entry<H> entry = new Entry<>(hook);
        Entry<H>[] grown = new Entry[entries.length + 1];
        System.arraycopy(entries, 0, grown, prepend ? 1 : 0, entries.length);
        grown[prepend ? 0 : entries.length] = entry;
        entries = grown;
        return new HookHandle(() -> remove(entry));
    }

    /** Removes every hook (a running iteration skips those it has not reached). */
    @SuppressWarnings("unchecked")
    public synchronized void clear() {
        for (Entry<H> e : entries) e.removed = true;
        entries = new Entry[0];
    }

    @SuppressWarnings("unchecked")
    private synchronized void remove(Entry<H> entry) {
        entry.removed = true;
        entries = Arrays.stream(entries).filter(e -> e != entry).toArray(Entry[]::new);
    }

    public boolean isEmpty() {
        return entries.length == 0;
    }

    public int size() {
        return entries.length;
    }

    @Override
    public Iterator<H> iterator() {
        Entry<H>[] snapshot = entries;
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                while (i < snapshot.length && snapshot[i].removed) i++;
                return i < snapshot.length;
            }

            @Override
            public H next() {
                if (!hasNext()) throw new NoSuchElementException();
                return snapshot[i++].hook;
            }
        };
    }
}

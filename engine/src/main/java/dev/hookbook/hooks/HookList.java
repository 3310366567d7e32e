package dev.hookbook.hooks;

import dev.hookbook.nn.HookHandle;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Hooks in registration order, as PyTorch keeps them in an ordered dict keyed by handle id.
 * The list is copied on every change and read without locks, because hooks run on every call
 * while they are added and removed rarely. A run goes over the hooks as they were when it
 * began, as PyTorch's {@code _call_impl} iterates over a tuple of the dict's items: a hook that
 * removes itself or another mid-run does not stop that run, and is gone from the next one.
 */
public final class HookList<H> implements Iterable<H> {
    /** One registered hook; a distinct object per registration, so the same hook added twice is removed once. */
    private static final class Entry<H> {
        final H hook;

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

    /** Removes every hook (from the next run on). */
    @SuppressWarnings("unchecked")
    public synchronized void clear() {
        entries = new Entry[0];
    }

    /** Removes the first registration of {@code hook} (by identity); false if it is not in the list. */
    @SuppressWarnings("unchecked")
    public synchronized boolean removeFirst(H hook) {
        for (Entry<H> e : entries) {
            if (e.hook == hook) {
                remove(e);
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private synchronized void remove(Entry<H> entry) {
        entries = Arrays.stream(entries).filter(e -> e != entry).toArray(Entry[]::new);
    }

    public boolean isEmpty() {
        return entries.length == 0;
    }

    public int size() {
        return entries.length;
    }

    /** The hooks as they are now, in order: what one run goes over. */
    public List<H> snapshot() {
        Entry<H>[] now = entries;
        List<H> out = new ArrayList<>(now.length);
        for (Entry<H> e : now) out.add(e.hook);
        return out;
    }

    /** Goes over the array as it was when the iteration began (changes make a new array), so nothing is copied. */
    @Override
    public Iterator<H> iterator() {
        Entry<H>[] now = entries;
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < now.length;
            }

            @Override
            public H next() {
                if (i >= now.length) throw new NoSuchElementException();
                return now[i++].hook;
            }
        };
    }
}

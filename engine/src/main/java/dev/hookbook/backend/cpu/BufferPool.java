package dev.hookbook.backend.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Arrays of temporaries that are known to be dead, kept for the next result of the same size,
 * as PyTorch's CPU caching allocator keeps freed blocks. A training step makes the same
 * temporaries every time, so exact sizes find their array again; a reused array skips the
 * allocation and the zeroing of a fresh one (arrays of megabytes go straight to the old
 * generation in G1, and each one brings the next collection closer).
 *
 * <p>Only {@link #give} feeds the pool, and its callers hand over arrays that nothing else can
 * reach: copies a kernel made for itself, temporaries of one op that never left it, and
 * gradients a backward pass made and consumed that no user code saw (autograd's
 * {@code Backprop} counts their references). Arrays of tensors that may still be seen (results,
 * saved values, gradients a hook saw) are never given, so the garbage collector frees those.
 * Giving the same array twice is refused, since two results would then share it.
 */
final class BufferPool {
    /** Smaller arrays come from the thread's allocation buffer for less than pooling costs. */
    static final int MIN_FLOATS = 1 << 12;
    /** Arrays kept per size, and floats kept in all (256 MiB), so the pool never holds much memory for long. */
    private static final int PER_SIZE = 4;
    private static final long MAX_FLOATS = 1L << 26;

    private static final Map<Integer, ArrayDeque<float[]>> FREE = new HashMap<>();
    private static long held;
    private static long reuses;
    private static boolean enabled = true;

    private BufferPool() {}

    /** An array of exactly {@code n} floats with any contents: for kernels that write every element. */
    static float[] take(int n) {
        float[] a = reuse(n);
        return a != null ? a : new float[n];
    }

    /** An array of exactly {@code n} zeros: for kernels that accumulate or skip elements. */
    static float[] takeZeroed(int n) {
        float[] a = reuse(n);
        if (a == null) return new float[n];
        Arrays.fill(a, 0f);
        return a;
    }

    private static float[] reuse(int n) {
        if (n < MIN_FLOATS || !enabled) return null;
        synchronized (FREE) {
            ArrayDeque<float[]> free = FREE.get(n);
            float[] a = free == null ? null : free.pollFirst();
            if (a != null) {
                held -= n;
                reuses++;
            }
            return a;
        }
    }

    /** Takes ownership of {@code a}, which no one may read or write any more. */
    static void give(float[] a) {
        int n = a.length;
        if (n < MIN_FLOATS) return;
        synchronized (FREE) {
            ArrayDeque<float[]> free = FREE.computeIfAbsent(n, k -> new ArrayDeque<>(PER_SIZE));
            for (float[] f : free) {
                if (f == a) throw new IllegalStateException("BufferPool.give: this array was already given back");
            }
            if (free.size() >= PER_SIZE || held + n > MAX_FLOATS) return;
            free.addFirst(a);
            held += n;
        }
    }

    /** How many floats the pool holds now (for tests). */
    static long held() {
        synchronized (FREE) {
            return held;
        }
    }

    /** Whether the pool holds {@code a} now, ready to hand it out (for tests: a live tensor's array must never be there). */
    static boolean holds(float[] a) {
        synchronized (FREE) {
            ArrayDeque<float[]> free = FREE.get(a.length);
            if (free != null) for (float[] f : free) if (f == a) return true;
            return false;
        }
    }

    /** How many arrays the pool has handed out again (for tests). */
    static long reuses() {
        synchronized (FREE) {
            return reuses;
        }
    }

    /** Turns reuse off or on (for tests that compare results with and without it); off also empties the pool. */
    static void setEnabled(boolean on) {
        synchronized (FREE) {
            enabled = on;
            if (!on) clear();
        }
    }

    /** Empties the pool (Hookbook.emptyCache, and tests); returns how many floats it held. */
    static long clear() {
        synchronized (FREE) {
            long was = held;
            FREE.clear();
            held = 0;
            return was;
        }
    }
}

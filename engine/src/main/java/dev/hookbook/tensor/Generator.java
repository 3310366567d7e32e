package dev.hookbook.tensor;

import java.util.Random;

/**
 * The one generator of everything random (randn, rand, init, dropout, shuffling), as torch's
 * default generator: {@code Hookbook.manualSeed(s)} seeds it, so a whole session repeats itself.
 * It lives here, at the bottom, because tensors draw from it; {@code Hookbook} is the user's door.
 */
public final class Generator {
    private static final Random GLOBAL = new Random(0);

    private Generator() {}

    /** Seeds the global generator. */
    public static void manualSeed(long seed) {
        synchronized (GLOBAL) {
            GLOBAL.setSeed(seed);
        }
    }

    /**
     * The global generator. Callers that draw many numbers should synchronise on it, so a
     * draw from another thread cannot interleave with theirs.
     */
    public static Random global() {
        return GLOBAL;
    }
}

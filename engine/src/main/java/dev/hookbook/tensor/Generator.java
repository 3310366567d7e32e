package dev.hookbook.tensor;

import java.util.Random;

/**
 * The one generator of everything random (randn, rand, init, dropout, shuffling), as torch's
 * default generator: {@code Hookbook.manualSeed(s)} seeds it, so a whole session repeats itself.
 * It lives here, at the bottom, because tensors draw from it; {@code Hookbook} is the user's door.
 * Its state can be read and put back ({@link #getState()}, {@link #setState}), as
 * {@code torch.get_rng_state} and {@code torch.set_rng_state}: activation checkpointing
 * recomputes a segment with the random numbers (dropout masks) of its forward pass.
 */
public final class Generator {
    private static final StatefulRandom GLOBAL = new StatefulRandom(0);

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

    /** The global generator's state now, as {@code torch.get_rng_state()}: {@link #setState} with it repeats the draws that follow. */
    public static State getState() {
        synchronized (GLOBAL) {
            return GLOBAL.state();
        }
    }

    /** Puts the global generator back in {@code state}, as {@code torch.set_rng_state(state)}. */
    public static void setState(State state) {
        if (state == null) {
            throw new IllegalArgumentException("Generator.setState: expected a state from Generator.getState(), got null");
        }
        synchronized (GLOBAL) {
            GLOBAL.restore(state);
        }
    }

    /**
     * A snapshot of the global generator: the 48-bit seed of {@link Random}'s linear
     * congruential generator and the second Gaussian of a pair, if one is waiting. Immutable.
     */
    public record State(long seed, boolean haveNextGaussian, double nextGaussian) {}

    /**
     * {@link Random} with the same sequence (the same generator, the same Gaussian pairs) whose
     * state can be read: {@code Random} keeps its seed private. The formulas are those of
     * {@code java.util.Random}'s specification.
     */
    private static final class StatefulRandom extends Random {
        private static final long MULTIPLIER = 0x5DEECE66DL;
        private static final long ADDEND = 0xBL;
        private static final long MASK = (1L << 48) - 1;

        private long seed;
        private boolean haveNextGaussian;
        private double nextGaussian;

        StatefulRandom(long seed) {
            super(seed); // calls setSeed below
        }

        @Override
        public synchronized void setSeed(long seed) {
            this.seed = (seed ^ MULTIPLIER) & MASK;
            this.haveNextGaussian = false;
        }

        @Override
        protected synchronized int next(int bits) {
            seed = (seed * MULTIPLIER + ADDEND) & MASK;
            return (int) (seed >>> (48 - bits));
        }

        @Override
        public synchronized double nextGaussian() {
            if (haveNextGaussian) {
                haveNextGaussian = false;
                return nextGaussian;
            }
            double v1, v2, s;
            do {
                v1 = 2 * nextDouble() - 1;
                v2 = 2 * nextDouble() - 1;
                s = v1 * v1 + v2 * v2;
            } while (s >= 1 || s == 0);
            double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            nextGaussian = v2 * multiplier;
            haveNextGaussian = true;
            return v1 * multiplier;
        }

        synchronized State state() {
            return new State(seed, haveNextGaussian, nextGaussian);
        }

        synchronized void restore(State state) {
            seed = state.seed() & MASK;
            haveNextGaussian = state.haveNextGaussian();
            nextGaussian = state.nextGaussian();
        }
    }
}

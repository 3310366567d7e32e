package dev.hookbook;

import dev.hookbook.tensor.Device;

import java.util.List;
import java.util.Random;

/** Library-wide settings: the global random seed, the version and the devices. */
public final class Hookbook {

    /** The project version, as built. */
    public static final String VERSION = "0.1.0";

    // One generator for everything random (randn, rand, init, dropout, shuffling), as torch's
    // default generator: manualSeed(s) makes a whole session repeat itself.
    private static final Random GENERATOR = new Random(0);

    private Hookbook() {}

    /** Seeds the global generator used by random tensors, initialisation, dropout and shuffling. */
    public static void manualSeed(long seed) {
        synchronized (GENERATOR) {
            GENERATOR.setSeed(seed);
        }
    }

    /**
     * The global generator. Callers that draw many numbers should synchronise on it, so a
     * draw from another thread cannot interleave with theirs.
     */
    public static Random generator() {
        return GENERATOR;
    }

    /** The devices this machine offers, the CPU first. */
    public static List<Device> devices() {
        return Device.available();
    }
}

package dev.hookbook;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Generator;

import java.util.List;
import java.util.Random;

/** Library-wide settings: the global random seed, the version and the devices. */
public final class Hookbook {

    /** The project version, as built. */
    public static final String VERSION = "0.1.0";

    private Hookbook() {}

    /** Seeds the global generator used by random tensors, initialisation, dropout and shuffling. */
    public static void manualSeed(long seed) {
        Generator.manualSeed(seed);
    }

    /** The global generator ({@link Generator#global()}). */
    public static Random generator() {
        return Generator.global();
    }

    /** The global generator's state, as {@code torch.get_rng_state()} ({@link Generator#getState()}). */
    public static Generator.State getRngState() {
        return Generator.getState();
    }

    /** Puts the global generator back in {@code state}, as {@code torch.set_rng_state(state)} ({@link Generator#setState}). */
    public static void setRngState(Generator.State state) {
        Generator.setState(state);
    }

    /**
     * The width in bits of the float vectors the CPU kernels use, or 0 when they run as plain Java
     * (a JVM started without {@code --add-modules jdk.incubator.vector}).
     */
    public static int cpuVectorBits() {
        return Device.CPU.backend().vectorBits();
    }

    /**
     * Frees the arrays the CPU backend keeps for reuse (freed temporaries, and the gradients a
     * backward pass gave back, kept for the next results of their sizes, up to 256 MiB), as
     * PyTorch's {@code torch.cuda.empty_cache()} frees its caching allocator's blocks; returns the
     * bytes freed. Tensors in use are never touched. For measuring the heap a model holds, and
     * for handing memory back after a large computation; nothing else needs it.
     */
    public static long emptyCache() {
        return Device.CPU.backend().emptyCache();
    }

    /** The devices this machine offers, the CPU first. */
    public static List<Device> devices() {
        return Device.available();
    }
}

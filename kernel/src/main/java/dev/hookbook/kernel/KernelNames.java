package dev.hookbook.kernel;

/**
 * The kernel's names, as a kernelspec and a notebook's {@code metadata.kernelspec} give them.
 * The installer writes them and the headless runner stamps them on the notebooks it executes;
 * holding them here keeps the runner clear of the installer and the ZeroMQ kernel.
 */
public final class KernelNames {

    /** The kernel's name in {@code jupyter kernelspec list} and {@code --kernel hookbook}. */
    public static final String KERNEL_NAME = "hookbook";
    /** The name front ends show for the kernel. */
    public static final String DISPLAY_NAME = "Java (Hookbook)";

    private KernelNames() {}
}

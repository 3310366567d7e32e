package dev.hookbook.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the fast kernels can run: they use the JDK's Vector API, an incubator module that a
 * JVM resolves only when started with {@code --add-modules jdk.incubator.vector}. Hookbook's
 * launchers, kernel and tests pass that flag; a JVM started without it still works, through the
 * plain-Java kernels, and says once how to enable the fast ones.
 *
 * <p>Nothing here touches the Vector API itself, so this class loads in any JVM; the classes that
 * do ({@link VectorGemm}, {@link VectorRows} and the kernels it calls) are loaded only when
 * {@link #ENABLED} is true.
 */
final class VectorSupport {
    static final String MODULE = "jdk.incubator.vector";
    static final String HINT = "hookbook: the fast CPU kernels need the JDK's Vector API; start Java with --add-modules "
            + MODULE + " (using the slower plain-Java kernels for now)";

    /** True when the module is in the JVM's boot layer. */
    static final boolean ENABLED = ModuleLayer.boot().findModule(MODULE).isPresent();

    private static final AtomicBoolean HINTED = new AtomicBoolean();

    private VectorSupport() {}

    /** The Vector API's lane width the kernels run with, in bits, or 0 where they run as plain Java. */
    static int laneBits() {
        return ENABLED ? VectorKernels.laneBits() : 0;
    }

    /** Prints {@link #HINT} to standard error, the first time only. */
    static void hintOnce() {
        if (HINTED.compareAndSet(false, true)) System.err.println(HINT);
    }
}

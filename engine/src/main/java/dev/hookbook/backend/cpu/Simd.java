package dev.hookbook.backend.cpu;

/**
 * Whether this JVM has the Vector API (started with {@code --add-modules jdk.incubator.vector}).
 * Kernels that use it live in {@link VectorKernels}, a class the JVM loads only when this is
 * true; without the module every kernel takes its scalar loop.
 */
final class Simd {
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Simd() {}
}

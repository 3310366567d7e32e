package dev.hookbook.nn;

import dev.hookbook.trace.events.CalledModule;

import java.util.function.Supplier;

/**
 * One module call as errors and traces name it: the module, the chain of modules that called it,
 * and from them, when first asked, its dotted path ({@code features.0}), each step the name under
 * which a module registered the next.
 */
final class CallFrame implements CalledModule {
    private final Module[] chain; // outermost first; the called module last
    private String path;

    CallFrame(Module[] chain) {
        this.chain = chain;
    }

    Module module() {
        return chain[chain.length - 1];
    }

    @Override
    public String type() {
        return module().getClass().getSimpleName();
    }

    @Override
    public String path() {
        if (path == null) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < chain.length; i++) {
                String name = chain[i - 1].childName(chain[i]);
                if (name == null) name = "<" + chain[i].getClass().getSimpleName() + ">"; // called, not registered
                if (sb.length() > 0) sb.append('.');
                sb.append(name);
            }
            path = sb.toString();
        }
        return path;
    }

    /** How an error names the module: its path and what it is, {@code classifier.2 (Linear 64->10)}. */
    String where() {
        return path().isEmpty() ? module().describe() : path() + " (" + module().describe() + ")";
    }

    /** An error of this module, named by {@link #where()}. */
    ModuleException error(String message, Throwable cause) {
        return new ModuleException(where(), path(), message, cause);
    }

    /** Runs hook number {@code index} of {@code kind}; if it throws, says which module and which hook. */
    <T> T runHook(String kind, int index, Supplier<T> hook) {
        try {
            return hook.get();
        } catch (Throwable e) {
            if (namesItsModule(e)) throw sneaky(e);
            throw error(kind + " #" + index + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code e} passes through unwrapped: an error that already names the inner module
     * where it happened, or one the JVM raised about itself (out of memory, stack overflow, a
     * stopped thread), which must keep its type. Everything else, an {@code AssertionError} or a
     * checked exception thrown sneakily included, is wrapped with the module's path.
     */
    static boolean namesItsModule(Throwable e) {
        return e instanceof ModuleException || isTheJvmsOwn(e);
    }

    /** Out of memory, a stack overflow, a stopped thread: errors about the JVM, not the model. */
    @SuppressWarnings("removal")
    static boolean isTheJvmsOwn(Throwable e) {
        return e instanceof VirtualMachineError || e instanceof ThreadDeath;
    }

    /** The text a wrapped error gives: its own message, or its type when it has none. */
    static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Rethrows {@code e} as it is, checked or not. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}

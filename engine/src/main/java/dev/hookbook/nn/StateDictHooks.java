package dev.hookbook.nn;

import java.util.function.Consumer;

/** Runs one kind of state-dict hook of a module and names the module if a hook throws, as call's hooks do. */
final class StateDictHooks {
    private StateDictHooks() {}

    /** Runs every hook of {@code hooks} on the module at {@code prefix} ({@code "features.0."}, "" for the root). */
    static <H> void run(Iterable<H> hooks, String kind, Module module, String prefix, Consumer<H> call) {
        int i = 0;
        for (H hook : hooks) {
            try {
                call.accept(hook);
            } catch (Throwable e) {
                if (CallFrame.namesItsModule(e)) throw CallFrame.sneaky(e);
                String path = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
                String where = path.isEmpty() ? module.describe() : path + " (" + module.describe() + ")";
                throw new ModuleException(where, path, kind + " #" + i + " threw " + e.getClass().getSimpleName() + ": "
                        + e.getMessage(), e);
            }
            i++;
        }
    }
}

package dev.hookbook.nn;

/**
 * Runs in {@link Module#loadStateDict} after a module and its children loaded, with the keys
 * found missing and unexpected so far; it may change those lists in place (the strict check
 * comes after every post hook). PyTorch's {@code register_load_state_dict_post_hook}.
 */
@FunctionalInterface
public interface LoadStateDictPostHook {
    void apply(Module module, StateDictReport incompatibleKeys);
}

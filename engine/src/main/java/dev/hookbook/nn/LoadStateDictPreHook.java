package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

import java.util.Map;

/**
 * Runs in {@link Module#loadStateDict} before a module loads its own entries, with the entries
 * meant for it and its children (keys start with {@code prefix}); it may add, rename or remove
 * them, as when an old checkpoint names a weight differently. PyTorch's
 * {@code register_load_state_dict_pre_hook}.
 */
@FunctionalInterface
public interface LoadStateDictPreHook {
    void apply(Module module, Map<String, Tensor> stateDict, String prefix);
}

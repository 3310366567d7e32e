package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

import java.util.Map;

/**
 * Runs after {@link Module#stateDict()} has collected a module's entries and its children's,
 * with the whole dict so far (it may add, rename or remove entries) and the module's key prefix
 * ({@code "features.0."}). PyTorch's {@code register_state_dict_post_hook}.
 */
@FunctionalInterface
public interface StateDictPostHook {
    void apply(Module module, Map<String, Tensor> stateDict, String prefix);
}

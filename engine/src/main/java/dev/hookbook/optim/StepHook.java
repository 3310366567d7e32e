package dev.hookbook.optim;

/**
 * Runs before or after every {@link Optimizer#step()}, with the optimizer, as the hooks of
 * PyTorch's {@code Optimizer.register_step_pre_hook} and {@code register_step_post_hook}. It
 * returns nothing: Java's {@code step()} takes no arguments for a pre-hook to replace.
 */
@FunctionalInterface
public interface StepHook {
    void apply(Optimizer optimizer);
}

package dev.hookbook.optim;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.hooks.HookList;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Tensor;

import java.util.List;
import java.util.function.Consumer;

/**
 * Updates a list of parameters from their gradients, as PyTorch's {@code torch.optim.Optimizer}:
 * {@link #zeroGrad()} before each backward, {@link #step()} after it. A parameter whose
 * gradient is null (it took no part in the loss) is left alone.
 *
 * <p>Step hooks run around every {@code step()}: global pre-hooks, then this optimizer's, the
 * update, then this optimizer's post-hooks and the global ones, as PyTorch 2.x's
 * {@code Optimizer.profile_hook_step} chains them.
 */
public abstract class Optimizer {
    private static final HookList<Consumer<Optimizer>> GLOBAL_STEP_PRE_HOOKS = new HookList<>();
    private static final HookList<Consumer<Optimizer>> GLOBAL_STEP_POST_HOOKS = new HookList<>();

    protected final List<Tensor> params;
    private float lr;
    private final HookList<Consumer<Optimizer>> stepPreHooks = new HookList<>();
    private final HookList<Consumer<Optimizer>> stepPostHooks = new HookList<>();

    protected Optimizer(List<? extends Tensor> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        }
        for (Tensor p : params) {
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter of shape "
                        + java.util.Arrays.toString(p.shape()) + " does not require grad");
            }
        }
        this.params = List.copyOf(params);
    }

    /** The parameters this optimizer updates. */
    public List<Tensor> params() {
        return params;
    }

    /** The learning rate the next {@link #step()} uses. */
    public final float lr() {
        return lr;
    }

    /** Sets the learning rate for the following steps, as a scheduler does (PyTorch's {@code group['lr'] = ...}). */
    public final void setLr(float lr) {
        checkNonNegative("learning rate", lr);
        this.lr = lr;
    }

    /**
     * Clears every parameter's gradient by setting it to null, as PyTorch 2.x's
     * {@code zero_grad()} (whose {@code set_to_none} defaults to True): the memory goes at once,
     * and the next backward allocates a fresh gradient.
     */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears every parameter's gradient, as PyTorch's {@code zero_grad(set_to_none)}: with
     * {@code setToNone} it becomes null; without, the gradient tensor stays (the same object,
     * so code holding it sees the change) and its values are set to zero in place.
     */
    public void zeroGrad(boolean setToNone) {
        Parameter.zeroGrads(params, setToNone);
    }

    /**
     * Updates every parameter that has a gradient, in place and outside the graph. The step
     * hooks run around it (global pre-hooks first, global post-hooks last); a hook that throws
     * stops the step there and its exception goes on unchanged, as in PyTorch, so a pre-hook's
     * error leaves every parameter as it was.
     */
    public final void step() {
        for (Consumer<Optimizer> hook : GLOBAL_STEP_PRE_HOOKS) hook.accept(this);
        for (Consumer<Optimizer> hook : stepPreHooks) hook.accept(this);
        try (var g = Autograd.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() == null) continue;
                update(i, p, p.grad());
                p.storage().bumpVersion(); // a graph that saved p, kept for another backward, now refuses it (as PyTorch's)
            }
        }
        for (Consumer<Optimizer> hook : stepPostHooks) hook.accept(this);
        for (Consumer<Optimizer> hook : GLOBAL_STEP_POST_HOOKS) hook.accept(this);
    }

    // ------------------------------------------------------------------ step hooks

    /**
     * Runs {@code hook} with this optimizer before every {@link #step()}, as PyTorch's
     * {@code optimizer.register_step_pre_hook(hook)}; it returns nothing, since Java's
     * {@code step()} takes no arguments for a pre-hook to replace. Each hook list runs over its hooks as they
     * were when it started, as Hookbook's module hooks do: a hook removed by another mid-run runs
     * that once more, never again (PyTorch's dict would raise on a change mid-iteration).
     */
    public final HookHandle registerStepPreHook(Consumer<Optimizer> hook) {
        return stepPreHooks.add(checkHook("registerStepPreHook", hook));
    }

    /** Runs {@code hook} after every {@link #step()} of this optimizer, as PyTorch's {@code register_step_post_hook}. */
    public final HookHandle registerStepPostHook(Consumer<Optimizer> hook) {
        return stepPostHooks.add(checkHook("registerStepPostHook", hook));
    }

    /**
     * Runs {@code hook} before every step of every optimizer, ahead of each optimizer's own
     * pre-hooks, as PyTorch's {@code torch.optim.optimizer.register_optimizer_step_pre_hook}.
     */
    public static HookHandle registerGlobalStepPreHook(Consumer<Optimizer> hook) {
        return GLOBAL_STEP_PRE_HOOKS.add(checkHook("registerGlobalStepPreHook", hook));
    }

    /**
     * Runs {@code hook} after every step of every optimizer, after each optimizer's own
     * post-hooks, as PyTorch's {@code torch.optim.optimizer.register_optimizer_step_post_hook}.
     */
    public static HookHandle registerGlobalStepPostHook(Consumer<Optimizer> hook) {
        return GLOBAL_STEP_POST_HOOKS.add(checkHook("registerGlobalStepPostHook", hook));
    }

    private static Consumer<Optimizer> checkHook(String registration, Consumer<Optimizer> hook) {
        if (hook == null) throw new IllegalArgumentException(registration + ": expected a hook (optimizer -> ...), got null");
        return hook;
    }

    /** The update rule for parameter number {@code index}; runs with gradient recording off. */
    protected abstract void update(int index, Tensor param, Tensor grad);

    /** A gradient on another device than its parameter, which the fused kernels cannot read together. */
    static void checkSameDevice(Tensor p, Tensor grad) {
        if (p.device() != grad.device()) throw Backend.deviceMismatch("step", p.device(), grad.device());
    }

    static void checkNonNegative(String what, float value) {
        if (!(value >= 0f)) throw new IllegalArgumentException("invalid " + what + ": " + value);
    }
}

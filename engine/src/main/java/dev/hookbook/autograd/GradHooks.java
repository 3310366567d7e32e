package dev.hookbook.autograd;

import dev.hookbook.nn.HookHandle;
import dev.hookbook.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * Hooks on a tensor's gradient, and retainGrad. Both live on the graph node that receives the
 * gradient: the node that made a non-leaf, the accumulator of a leaf (as in PyTorch), and run
 * there before the node does its work.
 */
public final class GradHooks {
    private GradHooks() {}

    /** What {@link Tensor#registerHook} does. */
    public static HookHandle register(Tensor t, UnaryOperator<Tensor> hook) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("registerHook(): cannot register a hook on a tensor that does not require grad");
        }
        return Graph.nodeOf(t).outputHooks(Graph.outputNrOf(t)).add(hook);
    }

    /** How many hooks are registered on {@code t}'s gradient (and not removed). */
    public static int count(Tensor t) {
        if (!t.requiresGrad()) return 0;
        return Graph.nodeOf(t).outputHookCount(Graph.outputNrOf(t));
    }

    /** Removes every hook on {@code t}'s gradient. */
    public static void removeAll(Tensor t) {
        if (t.requiresGrad()) Graph.nodeOf(t).outputHooks(Graph.outputNrOf(t)).clear();
    }

    /** What {@link Tensor#retainGrad} does: a non-leaf keeps its gradient in {@code grad()} (leaves always do). */
    public static void retainGrad(Tensor t) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("retainGrad(): this tensor does not require grad");
        }
        if (t.gradFnNode() != null) t.gradFnNode().retainGrad(Graph.outputNrOf(t), t);
    }
}

package dev.hookbook.autograd;

import dev.hookbook.nn.HookHandle;
import dev.hookbook.tensor.Tensor;

import java.util.function.Consumer;
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

    /** Removes every hook on {@code t}'s gradient (and a leaf's post-accumulate-grad hooks). */
    public static void removeAll(Tensor t) {
        if (!t.requiresGrad()) return;
        Graph.nodeOf(t).outputHooks(Graph.outputNrOf(t)).clear();
        if (t.gradFnNode() == null) accumulator(t).postAccumulateHooks.clear();
    }

    /** What {@link Tensor#registerPostAccumulateGradHook} does: the hook runs on the leaf's accumulator, after it updated grad(). */
    public static HookHandle registerPostAccumulateGrad(Tensor t, Consumer<Tensor> hook) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("registerPostAccumulateGradHook(): cannot register a hook on a tensor that does not require grad");
        }
        if (t.gradFnNode() != null) {
            // PyTorch: "post accumulate grad hooks cannot be registered on non-leaf tensors"
            throw new IllegalStateException("registerPostAccumulateGradHook(): post accumulate grad hooks cannot be registered on "
                    + "non-leaf tensors (this one was made by " + t.gradFnNode().name() + ")");
        }
        return accumulator(t).postAccumulateHooks.add(hook);
    }

    /** How many post-accumulate-grad hooks {@code t} has (0 for a non-leaf). */
    public static int countPostAccumulateGrad(Tensor t) {
        return t.requiresGrad() && t.gradFnNode() == null ? accumulator(t).postAccumulateHooks.size() : 0;
    }

    private static AccumulateGrad accumulator(Tensor leaf) {
        return (AccumulateGrad) Graph.accumulatorOf(leaf);
    }

    /** What {@link Tensor#retainGrad} does: a non-leaf keeps its gradient in {@code grad()} (leaves always do). */
    public static void retainGrad(Tensor t) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("retainGrad(): this tensor does not require grad");
        }
        if (t.gradFnNode() != null) t.gradFnNode().retainGrad(Graph.outputNrOf(t), t);
    }
}

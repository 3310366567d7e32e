package dev.hookbook.ops;

import dev.hookbook.autograd.BackwardRule;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;

/**
 * What the ops share, and how they are written. Each op is one public static method that
 * <ol>
 *   <li>checks its arguments and says in one line what it expected and what came;</li>
 *   <li>computes its forward on plain values with the device's kernels ({@link Backend}) and,
 *       for changes of shape, {@link UnrecordedViews}: neither records anything or reports to a trace,
 *       so an op never shows its inner steps;</li>
 *   <li>calls {@code Graph.record} once, with its backward rule written beside it.</li>
 * </ol>
 * Backward rules capture no tensor (what they read goes through {@code Saved}) and use the
 * public tensor ops: a plain backward runs them without recording, a backward with createGraph
 * records them, so gradients can be differentiated again. Composite
 * ops (cross-entropy is log-softmax then NLL) call other public ops instead, and then each of
 * those is a node of the graph, as in PyTorch.
 */
final class Ops {
    private Ops() {}

    static Backend backend(String op, Tensor a, Tensor b) {
        if (a.device() != b.device()) throw Backend.deviceMismatch(op, a.device(), b.device());
        return a.device().backend();
    }

    /**
     * Sums a broadcast gradient back to the shape of the operand it belongs to: leading dims
     * that broadcasting added are summed away, and dims that were 1 are summed keeping the 1.
     */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        Tensor r = g;
        for (int d = 0; d < gs.length; d++) {
            boolean added = d < lead;
            if (added || (shape[d - lead] == 1 && gs[d] != 1)) {
                r = Reductions.sum(r, d, true);
            }
        }
        return lead > 0 ? Views.reshape(r, shape) : r;
    }

    /**
     * {@code out}, after releasing {@code rule} at once when recording gave out no node (no
     * gradient needed, or recording off): then no graph will ever run or free the rule.
     */
    static Tensor releasedUnlessRecorded(Tensor out, BackwardRule rule) {
        if (out.gradFnNode() == null) rule.release();
        return out;
    }

    static boolean needs(Tensor t) {
        return t.requiresGrad();
    }
}

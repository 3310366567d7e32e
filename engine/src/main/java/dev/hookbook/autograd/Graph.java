package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.Tracer;

/** Records ops into the gradient graph: the one place where a result gets its {@code gradFn}. */
public final class Graph {
    private Graph() {}

    /**
     * Gives {@code out} the history of op {@code op} if gradients are recorded and any input
     * requires grad; otherwise {@code out} stays a plain value. Returns {@code out}.
     *
     * @param rule the op's gradient formula, called at most once per backward pass
     */
    public static Tensor record(String op, Tensor out, BackwardRule rule, Tensor... inputs) {
        if (Tracer.active()) Tracer.op(op, inputs, out);
        if (!Autograd.isGradEnabled() || !anyRequiresGrad(inputs)) return out;
        out.setHistory(new OpNode(op + "Backward", edgesTo(inputs), rule), 0);
        return out;
    }

    /** Whether any of the tensors will need a gradient. */
    public static boolean anyRequiresGrad(Tensor... ts) {
        for (Tensor t : ts) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /** The edges from a new node to the producers of its inputs (null where an input needs no gradient). */
    public static Edge[] edgesTo(Tensor... inputs) {
        Edge[] edges = new Edge[inputs.length];
        for (int i = 0; i < inputs.length; i++) edges[i] = edgeTo(inputs[i]);
        return edges;
    }

    static Edge edgeTo(Tensor t) {
        if (t == null || !t.requiresGrad()) return null;
        if (t.gradFn() != null) return new Edge(t.gradFnNode(), t.outputNr(), t.shape());
        return new Edge(t.gradAccumulator(), 0, t.shape());
    }

    /** The node that accumulates into a leaf: one per leaf, made on first use. */
    public static Node accumulatorFor(Tensor leaf) {
        return new AccumulateGrad(leaf);
    }
}

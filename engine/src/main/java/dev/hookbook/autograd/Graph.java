package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.Tracer;

import java.util.List;
import java.util.function.UnaryOperator;

/** Records ops into the gradient graph: the one place where a result gets its {@code gradFn}. */
public final class Graph {
    private static TensorInternals tensors;

    private Graph() {}

    /** Called once, by Tensor as its class loads: the way autograd sets a tensor's history. */
    public static synchronized void useTensorInternals(TensorInternals internals) {
        if (tensors != null) throw new IllegalStateException("Graph.useTensorInternals: already set (Tensor sets it once)");
        tensors = internals;
    }

    /**
     * Gives {@code out} the history of op {@code op} if gradients are recorded and any input
     * requires grad; otherwise {@code out} stays a plain value. Returns {@code out}. The rule
     * keeps what it reads through {@code saved}, so saved-tensors hooks see it (see {@link Saved}).
     *
     * @param saved what the rule reads in backward, in the order the op saves it
     * @param rule the op's gradient formula, called at most once per backward pass
     */
    public static Tensor record(String op, Tensor out, List<Saved> saved, BackwardRule rule, Tensor... inputs) {
        assert capturesNoTensor(op, rule);
        if (Autograd.isGradEnabled() && anyRequiresGrad(inputs)) {
            tensors.setHistory(out, new OpNode(op + "Backward", edgesTo(inputs), 1, MultiOutputRule.of(rule), saved), 0);
        }
        // Reported once the output has its node, so a listener can hook the node (Anomaly does).
        Tracer.listener().op(op, inputs, out);
        return out;
    }

    /**
     * As {@link #record(String, Tensor, List, BackwardRule, Tensor...)} for an op with several
     * outputs: they share one node, output {@code i} being the node's output {@code i}, as
     * PyTorch's {@code split} pieces share one {@code SplitBackward0}. Returns {@code outs}.
     */
    public static List<Tensor> record(String op, List<Tensor> outs, List<Saved> saved, MultiOutputRule rule, Tensor... inputs) {
        assert capturesNoTensor(op, rule);
        if (Autograd.isGradEnabled() && anyRequiresGrad(inputs)) {
            Node node = new OpNode(op + "Backward", edgesTo(inputs), outs.size(), rule, saved);
            for (int i = 0; i < outs.size(); i++) tensors.setHistory(outs.get(i), node, i);
        }
        Tracer.listener().opWithOutputs(op, inputs, outs);
        return outs;
    }

    /**
     * As {@link #record(String, Tensor, List, BackwardRule, Tensor...)} for a rule that reads no
     * tensor in backward: it may capture flags, shapes and numbers, never a tensor (a tensor it
     * needs goes through {@link Saved}, so that saved-tensors hooks can free it).
     */
    public static Tensor record(String op, Tensor out, BackwardRule rule, Tensor... inputs) {
        return record(op, out, List.of(), rule, inputs);
    }

    /** The first field of a rule's class that holds a tensor (what a lambda captured), or null. */
    private static final ClassValue<String> CAPTURED_TENSOR = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            for (java.lang.reflect.Field f : type.getDeclaredFields()) {
                Class<?> t = f.getType();
                while (t.isArray()) t = t.getComponentType();
                if (Tensor.class.isAssignableFrom(t)) return f.getName() + " (" + f.getType().getSimpleName() + ")";
            }
            return null;
        }
    };

    /**
     * Checked with assertions on (the tests): a rule that captured a tensor would keep it alive
     * past what saved-tensors hooks can free, and out of reach of a second derivative's history.
     */
    private static boolean capturesNoTensor(String op, Object rule) {
        String field = CAPTURED_TENSOR.get(rule.getClass());
        if (field != null) {
            throw new IllegalStateException(op + ": its backward rule captures a tensor, " + field
                    + "; keep what backward reads in Saved handles and capture only flags and shapes (ARCHITECTURE.md, How an op is written)");
        }
        return true;
    }

    /** Gives {@code out} the history of a node that some other part of autograd made (a Function's). */
    static void setHistory(Tensor out, Node node, int outputNr) {
        tensors.setHistory(out, node, outputNr);
    }

    /**
     * Routes {@code ts} through one identity node named {@code name}: the tensors returned hold
     * the same values (shared storage), and on backward the node hands their gradients to
     * {@code onGradients}, whose result flows on to the originals. Tensors that need no gradient
     * pass as they are. Module backward hooks see gradients this way, as PyTorch's
     * BackwardHookFunction.
     */
    public static Tensor[] identity(String name, Tensor[] ts, UnaryOperator<Tensor[]> onGradients) {
        Node node = new IdentityNode(name, edgesTo(ts), onGradients);
        Tensor[] out = ts.clone();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] != null && ts[i].requiresGrad()) {
                out[i] = ts[i].detach();
                tensors.setHistory(out[i], node, i);
            }
        }
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
        requireCurrentHistory(t);
        return new Edge(nodeOf(t), outputNrOf(t), t.shape());
    }

    /**
     * Refuses a tensor whose values a recorded in-place op changed through another view of its
     * storage: its own history would give wrong gradients. (PyTorch regenerates such a view's
     * history; here the view is made again after the change.)
     */
    static void requireCurrentHistory(Tensor t) {
        if (tensors.historyOutdated(t)) {
            throw new IllegalStateException("a tensor of shape " + dev.hookbook.tensor.Shape.str(t.shape()) + " made by " + t.gradFn()
                    + " shares its storage with a tensor that an in-place op changed afterwards, so its history no longer"
                    + " says how its values came about; make it again after the in-place op, or change a clone()");
        }
    }

    /**
     * The node that accumulates into a leaf: one per leaf, made on first use and kept with the
     * leaf, so every graph that uses the leaf (and every hook on it) shares it.
     */
    static Node accumulatorOf(Tensor leaf) {
        synchronized (leaf) {
            Node n = tensors.accumulator(leaf);
            if (n == null) tensors.setAccumulator(leaf, n = new AccumulateGrad(leaf));
            return n;
        }
    }

    /** The node whose output {@code t} is, and which output: where its gradient, and the hooks on it, go. */
    static Node nodeOf(Tensor t) {
        return t.gradFnNode() != null ? t.gradFnNode() : accumulatorOf(t);
    }

    static int outputNrOf(Tensor t) {
        return t.gradFnNode() != null ? tensors.outputNr(t) : 0;
    }
}

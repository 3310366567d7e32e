package dev.hookbook.autograd;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.TraceListener;
import dev.hookbook.trace.events.Tracer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The backward pass. It counts, for every node reachable from the roots, how many edges lead to
 * it; then runs a node once all of them have delivered their gradient, summing what arrives.
 * Among ready nodes the most recently created runs first and leaves accumulate at once, the
 * order PyTorch's engine uses, so hooks fire in the same order as there. Rules run with grad
 * mode set to {@code createGraph}: off for a plain backward, on when the gradients themselves
 * are to be differentiated.
 *
 * <p>A gradient that the pass made and that no one else can see goes back to its device's
 * backend as soon as the last node reading it has run ({@link GradientRefs}), so the next
 * gradient of that size gets a warm array from the pool instead of a fresh one.
 */
public final class Backprop {
    private Backprop() {}

    /** Backpropagates {@code gradient} (shaped like {@code root}) through root's graph. */
    public static void run(Tensor root, Tensor gradient, boolean retainGraph) {
        run(root, gradient, retainGraph, false);
    }

    /**
     * As {@link #run(Tensor, Tensor, boolean)}; with {@code createGraph} the rules record, so the
     * gradients accumulated into the leaves have a history of their own.
     */
    public static void run(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        Edge start = Graph.edgeTo(root);
        if (start == null) {
            throw new IllegalStateException("backward(): the tensor does not require grad and has no grad_fn "
                    + "(call requiresGrad(true) on a leaf it depends on, outside Autograd.noGrad())");
        }
        pass(root, List.of(start), List.of(gradient), retainGraph, createGraph, null);
    }

    /** What {@link Autograd#grad(List, List, List, boolean, boolean, boolean)} does. */
    static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                             boolean retainGraph, boolean createGraph, boolean allowUnused) {
        if (outputs == null || outputs.isEmpty()) throw new IllegalArgumentException("grad(): expected at least one output, got none");
        if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException("grad(): expected at least one input, got none");
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad(): expected " + outputs.size() + " gradOutputs (one per output), got "
                    + gradOutputs.size());
        }
        List<Edge> starts = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            Edge e = Graph.edgeTo(out);
            if (e == null) {
                throw new IllegalArgumentException("grad(): output " + i + " (shape " + Shape.str(out.shape())
                        + ") does not require grad and has no grad_fn");
            }
            Tensor g = gradOutputs == null ? null : gradOutputs.get(i);
            if (g == null) {
                if (out.numel() != 1) {
                    throw new IllegalArgumentException("grad(): grad can be implicitly created only for outputs with one element; output "
                            + i + " has shape " + Shape.str(out.shape()) + ". Pass gradOutputs");
                }
                g = Tensor.full(1f, out.shape()).to(out.device());
            } else if (!Arrays.equals(g.shape(), out.shape())) {
                throw new IllegalArgumentException("grad(): expected gradOutputs[" + i + "] of shape " + Shape.str(out.shape())
                        + " (the output's), got " + Shape.str(g.shape()));
            }
            starts.add(e);
            grads.add(g);
        }
        Edge[] targets = new Edge[inputs.size()];
        for (int i = 0; i < targets.length; i++) {
            Tensor in = inputs.get(i);
            targets[i] = Graph.edgeTo(in);
            if (targets[i] == null) {
                throw new IllegalArgumentException("grad(): input " + i + " (shape " + Shape.str(in.shape())
                        + ") does not require grad; every differentiated tensor must");
            }
        }
        Tensor[] captured = pass(outputs.get(0), starts, grads, retainGraph, createGraph, targets);
        for (int i = 0; i < captured.length; i++) {
            if (captured[i] == null && !allowUnused) {
                throw new IllegalArgumentException("grad(): input " + i + " (shape " + Shape.str(inputs.get(i).shape())
                        + ") was not used in the graph of the outputs; pass allowUnused = true to get null for it");
            }
        }
        return Collections.unmodifiableList(Arrays.asList(captured));
    }

    /**
     * One pass from {@code starts}. Without {@code targets} every reached node runs (leaves
     * accumulate); with them, only the nodes on a path to a target run, and the gradient that
     * reaches each target (after its tensor hooks) is returned instead of accumulated.
     */
    private static Tensor[] pass(Tensor traceRoot, List<Edge> starts, List<Tensor> grads, boolean retainGraph,
                                 boolean createGraph, Edge[] targets) {
        TraceListener trace = Tracer.listener();
        trace.backwardStart(traceRoot);
        List<Node> roots = new ArrayList<>();
        for (Edge e : starts) roots.add(e.node());
        Map<Node, Integer> dependencies = countDependencies(roots);
        Map<Node, List<Integer>> targetsAt = new IdentityHashMap<>();
        if (targets != null) {
            for (int i = 0; i < targets.length; i++) targetsAt.computeIfAbsent(targets[i].node(), n -> new ArrayList<>()).add(i);
        }
        Set<Node> needed = targets == null ? null : needed(roots, dependencies, targetsAt.keySet());
        Tensor[] captured = targets == null ? new Tensor[0] : new Tensor[targets.length];
        Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
        PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Long.compare(priority(b), priority(a)));
        GradientRefs refs = GradientRefs.open(createGraph);
        for (int i = 0; i < starts.size(); i++) {
            if (refs != null) refs.pin(grads.get(i)); // the caller's: never given back
            addGradient(buffers, starts.get(i), grads.get(i), refs);
        }
        Set<Node> queued = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node root : roots) if (dependencies.get(root) == 0 && queued.add(root)) ready.add(root);

        try (var mode = Autograd.setGradEnabled(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor[] gradOutputs = buffers.remove(node);
                // What the slots held: their references are dropped once the node has run.
                Tensor[] consumed = refs == null || gradOutputs == null ? null : gradOutputs.clone();
                boolean reached = gradOutputs != null && !allNull(gradOutputs);
                boolean runs = reached && (needed == null || needed.contains(node));
                List<Integer> capturedHere = reached ? targetsAt.get(node) : null;
                Tensor[] gradInputs = new Tensor[0];
                if (runs) {
                    trace.backwardNode(node.name());
                    checkNotReleased(node);
                }
                if (runs || capturedHere != null) {
                    // PyTorch's engine.cpp call_function: tensor pre-hooks and retains_grad hooks first.
                    if (refs != null) seenByOutputHooks(refs, node, gradOutputs);
                    node.preprocess(gradOutputs);
                    if (refs != null) seenByOutputHooks(refs, node, gradOutputs);
                    if (capturedHere != null) for (int i : capturedHere) captured[i] = gradOutputs[targets[i].inputNr()];
                    if (refs != null && capturedHere != null) for (int i : capturedHere) refs.pin(captured[i]);
                }
                // A node that every path reached without a gradient is passed over, but its
                // inputs still hear that this path is done, so their counts reach zero.
                if (runs) gradInputs = execute(node, gradOutputs, retainGraph, refs);
                if (runs && createGraph) checkDifferentiable(node, gradOutputs, gradInputs);
                for (int i = 0; i < node.next.length; i++) {
                    Edge edge = node.next[i];
                    if (edge == null) continue;
                    Tensor g = i < gradInputs.length ? gradInputs[i] : null;
                    if (g != null) addGradient(buffers, edge, checkShape(node, i, g, edge), refs);
                    int left = dependencies.merge(edge.node(), -1, Integer::sum);
                    if (left == 0) {
                        buffers.computeIfAbsent(edge.node(), n -> new Tensor[n.numOutputs()]);
                        ready.add(edge.node());
                    }
                }
                if (refs != null) {
                    // The node is done with what it was given, and the engine with the results in its hand.
                    for (Tensor g : gradInputs) refs.drop(g);
                    if (consumed != null) for (Tensor g : consumed) refs.drop(g);
                }
            }
        } finally {
            trace.backwardEnd();
        }
        return captured;
    }

    private static void checkNotReleased(Node node) {
        if (node.released()) {
            throw new IllegalStateException("backward(): trying to backward through the graph a second time (at "
                    + node.name() + "); its saved values were freed after the first backward. "
                    + "Call backward(gradient, true) the first time to keep the graph.");
        }
    }

    /**
     * With createGraph, an op's gradient must keep the history of the gradient it was given: one
     * that lost it was computed outside the recorded ops (a kernel called directly), and a second
     * derivative through it would be silently wrong, so the op is named instead.
     */
    private static void checkDifferentiable(Node node, Tensor[] gradOutputs, Tensor[] gradInputs) {
        if (!(node instanceof OpNode)) return; // a Function's backward and hooks are the user's to write
        boolean incoming = false;
        for (Tensor g : gradOutputs) incoming |= g != null && g.requiresGrad();
        if (!incoming) return;
        for (int i = 0; i < gradInputs.length; i++) {
            if (gradInputs[i] != null && !gradInputs[i].requiresGrad() && node.next[i] != null) {
                throw new IllegalStateException(node.name() + ": its gradient for input " + i + " is not differentiable "
                        + "(computed outside the recorded ops), so createGraph cannot go through this op");
            }
        }
    }

    /**
     * The node's own work, after {@link Node#preprocess}: node pre-hooks, the node, then its post
     * hooks. With {@code refs}, every result is counted once as held in hand (the caller drops
     * it after placing it), and what user code sees on the way is pinned.
     */
    private static Tensor[] execute(Node node, Tensor[] gradOutputs, boolean retainGraph, GradientRefs refs) {
        if (refs != null && node.hasNodeHooks()) refs.pinAll(gradOutputs);
        gradOutputs = node.runPreHooks(gradOutputs);
        if (refs != null && node.hasNodeHooks()) refs.pinAll(gradOutputs); // a pre-hook's replacements
        boolean engineRule = refs != null && GradientRefs.engineRule(node);
        if (refs != null && !engineRule && !(node instanceof AccumulateGrad)) refs.pinAll(gradOutputs); // user code: a Function, a module hook
        List<dev.hookbook.tensor.Storage> read = engineRule ? readable((OpNode) node, gradOutputs) : null;
        Tensor[] gradInputs;
        if (node instanceof AccumulateGrad acc) {
            Tensor g = gradOutputs[0];
            gradInputs = acc.accumulate(g, refs != null && g != null && refs.exclusive(g) && !node.hasNodeHooks());
            // A leaf that kept the gradient (or a view of it) as its grad(): the user sees it from now on.
            Tensor kept = acc.leaf.grad();
            if (refs != null && g != null && kept != null && kept.storage() == g.storage()) refs.pin(g);
        } else {
            gradInputs = node.apply(gradOutputs);
        }
        if (gradInputs == null) gradInputs = new Tensor[0];
        if (gradInputs.length != node.next.length && !(node instanceof AccumulateGrad)) {
            throw new IllegalStateException(node.name() + ": backward returned " + gradInputs.length
                    + " gradients for " + node.next.length + " inputs");
        }
        if (refs != null) {
            for (Tensor g : gradInputs) refs.made(g, read);
            if (node.hasNodeHooks()) {
                refs.pinAll(gradInputs);
                refs.pinAll(gradOutputs);
            }
        }
        Tensor[] hooked = node.runPostHooks(gradInputs, gradOutputs);
        if (refs != null && hooked != gradInputs) {
            // A hook's replacements are held in hand instead of the rule's results, and are the user's.
            for (Tensor g : hooked) {
                refs.made(g, null);
                refs.pin(g);
            }
            for (Tensor g : gradInputs) refs.drop(g);
        }
        if (!retainGraph) node.release();
        return hooked;
    }

    /**
     * The storages an engine rule could read besides its own results: the gradients it was given
     * and what its op saved. Null (none of its new results is counted) when a saved-tensors hook
     * packed a saved tensor, since the unpacked tensor may then be anything the hook keeps.
     */
    private static List<dev.hookbook.tensor.Storage> readable(OpNode node, Tensor[] gradOutputs) {
        List<dev.hookbook.tensor.Storage> read = new ArrayList<>(gradOutputs.length + node.saved().size());
        for (Tensor g : gradOutputs) if (g != null) read.add(g.storage());
        for (Saved s : node.saved()) {
            Tensor t = s.peek();
            if (t != null) read.add(t.storage());
            else if (s.shape() != null) return null;
        }
        return read;
    }

    /** Pins the gradients of the outputs whose tensor hooks or retainGrad (user code) see them. */
    private static void seenByOutputHooks(GradientRefs refs, Node node, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) if (grads[i] != null && node.outputSeen(i)) refs.pin(grads[i]);
    }

    private static Tensor checkShape(Node node, int i, Tensor g, Edge edge) {
        if (!Arrays.equals(g.shape(), edge.shape())) {
            throw new IllegalStateException(node.name() + ": backward returned a gradient of shape " + Shape.str(g.shape())
                    + " for input " + i + ", which has shape " + Shape.str(edge.shape()));
        }
        return g;
    }

    private static boolean allNull(Tensor[] ts) {
        for (Tensor t : ts) if (t != null) return false;
        return true;
    }

    private static long priority(Node n) {
        return n instanceof AccumulateGrad ? Long.MAX_VALUE : n.sequenceNr;
    }

    private static void addGradient(Map<Node, Tensor[]> buffers, Edge edge, Tensor g, GradientRefs refs) {
        Tensor[] buffer = buffers.computeIfAbsent(edge.node(), n -> new Tensor[n.numOutputs()]);
        Tensor old = buffer[edge.inputNr()];
        if (old == null) {
            buffer[edge.inputNr()] = g;
            if (refs != null) refs.hold(g);
            return;
        }
        Tensor sum = old.add(g);
        buffer[edge.inputNr()] = sum;
        if (refs != null) {
            refs.madeHere(sum);
            if (dev.hookbook.trace.events.Tracer.active()) { // a trace listener saw the add
                refs.pin(old);
                refs.pin(g);
                refs.pin(sum);
            }
            refs.drop(old); // its slot now holds the sum
        }
    }

    /** For every node reachable from the roots: the number of edges that lead to it. */
    private static Map<Node, Integer> countDependencies(List<Node> roots) {
        Map<Node, Integer> deps = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        for (Node root : roots) {
            if (deps.putIfAbsent(root, 0) == null) stack.push(root);
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Edge e : n.next) {
                if (e == null) continue;
                Integer seen = deps.get(e.node());
                deps.put(e.node(), seen == null ? 1 : seen + 1);
                if (seen == null) stack.push(e.node());
            }
        }
        return deps;
    }

    /**
     * The nodes that lead to a target, as PyTorch's exec_info: walked children first (a
     * topological order from the counts, read backwards), so each node asks only its inputs.
     */
    private static Set<Node> needed(List<Node> roots, Map<Node, Integer> dependencies, Set<Node> targets) {
        Map<Node, Integer> left = new HashMap<>(dependencies);
        List<Node> order = new ArrayList<>(dependencies.size());
        Deque<Node> free = new ArrayDeque<>();
        for (Node root : roots) if (left.get(root) == 0 && !order.contains(root) && !free.contains(root)) free.add(root);
        while (!free.isEmpty()) {
            Node n = free.poll();
            order.add(n);
            for (Edge e : n.next) {
                if (e != null && left.merge(e.node(), -1, Integer::sum) == 0) free.add(e.node());
            }
        }
        Set<Node> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            for (Edge e : n.next) {
                if (e != null && (targets.contains(e.node()) || needed.contains(e.node()))) {
                    needed.add(n);
                    break;
                }
            }
        }
        return needed;
    }
}

package dev.hookbook.autograd;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.TraceListener;
import dev.hookbook.trace.events.Tracer;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The backward pass. It counts, for every node reachable from the root, how many edges lead to
 * it; then runs a node once all of them have delivered their gradient, summing what arrives.
 * Among ready nodes the most recently created runs first and leaves accumulate at once, the
 * order PyTorch's engine uses, so hooks fire in the same order as there.
 */
public final class Backprop {
    private Backprop() {}

    /** Backpropagates {@code gradient} (shaped like {@code root}) through root's graph. */
    public static void run(Tensor root, Tensor gradient, boolean retainGraph) {
        Edge start = Graph.edgeTo(root);
        if (start == null) {
            throw new IllegalStateException("backward(): the tensor does not require grad and has no grad_fn "
                    + "(call requiresGrad(true) on a leaf it depends on, outside Autograd.noGrad())");
        }
        TraceListener trace = Tracer.listener();
        trace.backwardStart(root);
        Map<Node, Integer> dependencies = countDependencies(start.node());
        Map<Node, Tensor[]> buffers = new IdentityHashMap<>();
        PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Long.compare(priority(b), priority(a)));
        addGradient(buffers, start, gradient);
        ready.add(start.node());

        try (var noGrad = Autograd.noGrad()) {
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor[] gradOutputs = buffers.remove(node);
                boolean reached = !allNull(gradOutputs);
                if (reached) trace.backwardNode(node.name());
                // A node that every path reached without a gradient is passed over, but its
                // inputs still hear that this path is done, so their counts reach zero.
                Tensor[] gradInputs = reached ? execute(node, gradOutputs, retainGraph) : new Tensor[0];
                for (int i = 0; i < node.next.length; i++) {
                    Edge edge = node.next[i];
                    if (edge == null) continue;
                    Tensor g = i < gradInputs.length ? gradInputs[i] : null;
                    if (g != null) addGradient(buffers, edge, checkShape(node, i, g, edge));
                    int left = dependencies.merge(edge.node(), -1, Integer::sum);
                    if (left == 0) {
                        buffers.computeIfAbsent(edge.node(), n -> new Tensor[n.numOutputs()]);
                        ready.add(edge.node());
                    }
                }
            }
        } finally {
            trace.backwardEnd();
        }
    }

    private static Tensor[] execute(Node node, Tensor[] gradOutputs, boolean retainGraph) {
        if (node.released()) {
            throw new IllegalStateException("backward(): trying to backward through the graph a second time (at "
                    + node.name() + "); its saved values were freed after the first backward. "
                    + "Call backward(gradient, true) the first time to keep the graph.");
        }
        // PyTorch's engine.cpp call_function: tensor pre-hooks, retains_grad hooks, node pre-hooks,
        // the node, then its post hooks.
        node.preprocess(gradOutputs);
        gradOutputs = node.runPreHooks(gradOutputs);
        Tensor[] gradInputs = node.apply(gradOutputs);
        if (gradInputs == null) gradInputs = new Tensor[0];
        if (gradInputs.length != node.next.length && !(node instanceof AccumulateGrad)) {
            throw new IllegalStateException(node.name() + ": backward returned " + gradInputs.length
                    + " gradients for " + node.next.length + " inputs");
        }
        gradInputs = node.runPostHooks(gradInputs, gradOutputs);
        if (!retainGraph) node.release();
        return gradInputs;
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

    private static void addGradient(Map<Node, Tensor[]> buffers, Edge edge, Tensor g) {
        Tensor[] buffer = buffers.computeIfAbsent(edge.node(), n -> new Tensor[n.numOutputs()]);
        Tensor old = buffer[edge.inputNr()];
        buffer[edge.inputNr()] = old == null ? g : old.add(g);
    }

    /** For every node reachable from {@code root}: the number of edges that lead to it. */
    private static Map<Node, Integer> countDependencies(Node root) {
        Map<Node, Integer> deps = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>();
        deps.put(root, 0);
        stack.push(root);
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
}

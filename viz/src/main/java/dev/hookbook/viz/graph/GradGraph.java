package dev.hookbook.viz.graph;

import dev.hookbook.autograd.Node;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward graph behind a tensor as boxes and arrows, the way torchviz's {@code make_dot}
 * collects it: the output tensor, a box per {@code gradFn} node, and for each
 * {@code AccumulateGrad} the leaf it fills. Arrows follow the gradient: from the output to its
 * node, from each node to the nodes it passes gradients to ({@code nextFunctions}), from an
 * {@code AccumulateGrad} to its leaf.
 *
 * <p>With a model, leaves that are its parameters are named by their dotted path, and the
 * boxes are grouped by module: a parameter's {@code AccumulateGrad} and leaf belong to the
 * module that holds the parameter. A node belongs to the module whose {@code call} made it when
 * the forward pass was recorded ({@link ModuleOfNodes}); otherwise to the module of a parameter
 * it takes as a direct input (a Linear's {@code AddmmBackward}, a Conv2d's
 * {@code ConvolutionBackward}), and a node that uses no parameter (an activation, a pooling, a
 * reshape) is in no group: the graph itself does not remember which module made it.
 */
public final class GradGraph {
    /** What a box stands for; it decides its colour. */
    public enum Kind { OUTPUT, OPERATION, LEAF }

    /** A box: its kind, its lines of text, and the module group it belongs to (null for none). */
    public record Box(int id, Kind kind, List<String> lines, String group) {}

    /** An arrow from one box to another, by id. */
    public record Arrow(int from, int to) {}

    private final List<Box> boxes = new ArrayList<>();
    private final List<Arrow> arrows = new ArrayList<>();
    /** Group names ("0 (Linear)") in the order they were first used. */
    private final List<String> groups = new ArrayList<>();

    private GradGraph() {}

    /** The graph behind {@code output}; {@code model} may be null (no names, no groups). */
    public static GradGraph of(Tensor output, Module model) {
        return of(output, model, Map.of(), false);
    }

    /**
     * The graph behind {@code output}, each node in the group {@code madeBy} names for it (see
     * {@link ModuleOfNodes}); nodes it does not name are grouped by the parameters they use.
     */
    public static GradGraph of(Tensor output, Module model, Map<Node, String> madeBy, boolean showSaved) {
        if (output == null) throw new IllegalArgumentException("GraphView.of: expected a tensor, got null");
        if (output.gradFnNode() == null) {
            throw new IllegalArgumentException("GraphView.of: the tensor (shape " + NodeLabels.shape(output)
                    + ") has no gradient graph: it is a leaf, or was computed without grad (under noGrad, or from inputs that need none)");
        }
        return new Builder(model, madeBy, showSaved).build(output);
    }

    public List<Box> boxes() {
        return Collections.unmodifiableList(boxes);
    }

    public List<Arrow> arrows() {
        return Collections.unmodifiableList(arrows);
    }

    public List<String> groups() {
        return Collections.unmodifiableList(groups);
    }

    /** Builds the boxes breadth first from the output, each node and each leaf once. */
    private static final class Builder {
        private final GradGraph graph = new GradGraph();
        private final Map<Node, Integer> nodeIds = new IdentityHashMap<>();
        private final Map<Tensor, String> parameterNames = new IdentityHashMap<>();
        private final Map<Tensor, String> parameterGroups = new IdentityHashMap<>();
        private final Map<Node, String> madeBy;
        private final boolean showSaved;

        Builder(Module model, Map<Node, String> madeBy, boolean showSaved) {
            this.madeBy = madeBy;
            this.showSaved = showSaved;
            if (model == null) return;
            model.namedParameters().forEach((name, p) -> parameterNames.put(p, name));
            Map<String, Module> modules = model.namedModules();
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                String name = e.getKey();
                String owner = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
                Module m = modules.get(owner);
                String type = m == null ? "?" : m.getClass().getSimpleName();
                parameterGroups.put(e.getValue(), ModuleOfNodes.groupName(owner, type));
            }
        }

        GradGraph build(Tensor output) {
            int out = add(Kind.OUTPUT, NodeLabels.output(output), null);
            Deque<Node> todo = new ArrayDeque<>();
            graph.arrows.add(new Arrow(out, idOf(output.gradFnNode(), todo)));
            while (!todo.isEmpty()) {
                Node node = todo.poll();
                int id = nodeIds.get(node);
                for (Node next : node.nextFunctions()) {
                    if (next != null) graph.arrows.add(new Arrow(id, idOf(next, todo)));
                }
                Tensor leaf = node.variable();
                if (leaf != null) {
                    int leafId = add(Kind.LEAF, NodeLabels.leaf(leaf, parameterNames.get(leaf)), parameterGroups.get(leaf));
                    graph.arrows.add(new Arrow(id, leafId));
                }
            }
            return graph;
        }

        private int idOf(Node node, Deque<Node> todo) {
            Integer id = nodeIds.get(node);
            if (id != null) return id;
            int created = add(Kind.OPERATION, NodeLabels.node(node, showSaved), groupOf(node));
            nodeIds.put(node, created);
            todo.add(node);
            return created;
        }

        /** The module that made the node, if recorded; else that of the first parameter it takes directly (or fills). */
        private String groupOf(Node node) {
            if (madeBy.containsKey(node)) return madeBy.get(node);
            if (node.variable() != null) return parameterGroups.get(node.variable());
            for (Node next : node.nextFunctions()) {
                if (next != null && next.variable() != null && parameterGroups.containsKey(next.variable())) {
                    return parameterGroups.get(next.variable());
                }
            }
            return null;
        }

        private int add(Kind kind, List<String> lines, String group) {
            int id = graph.boxes.size();
            graph.boxes.add(new Box(id, kind, List.copyOf(lines), group));
            if (group != null && !graph.groups.contains(group)) graph.groups.add(group);
            return id;
        }
    }

    /** The boxes of each group, by group name, in order. */
    public Map<String, List<Box>> boxesByGroup() {
        Map<String, List<Box>> out = new LinkedHashMap<>();
        for (String g : groups) out.put(g, new ArrayList<>());
        for (Box b : boxes) if (b.group() != null) out.get(b.group()).add(b);
        return out;
    }
}

package dev.hookbook.viz.graph;

import dev.hookbook.autograd.Node;
import dev.hookbook.tensor.Tensor;

import java.util.List;
import java.util.StringJoiner;

/** Every box's text, in one place: torchviz's labels (a node's name; a leaf's name and shape; the output's shape). */
final class NodeLabels {
    private NodeLabels() {}

    static List<String> node(Node node) {
        return List.of(node.name());
    }

    static List<String> leaf(Tensor leaf, String name) {
        return name == null ? List.of(shape(leaf)) : List.of(name, shape(leaf));
    }

    static List<String> output(Tensor output) {
        return List.of(shape(output));
    }

    /** torchviz's size_to_str: {@code (16, 10)}. */
    static String shape(Tensor t) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : t.shape()) j.add(Integer.toString(d));
        return j.toString();
    }
}

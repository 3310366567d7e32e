package dev.hookbook.viz.graph;

import dev.hookbook.autograd.Node;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Every box's text, in one place: torchviz's labels (a node's name; a leaf's name and shape; the output's shape). */
final class NodeLabels {
    private NodeLabels() {}

    /** The node's name; with {@code showSaved}, a line per tensor it keeps for backward (torchviz's orange boxes, inline). */
    static List<String> node(Node node, boolean showSaved) {
        if (!showSaved || node.savedShapes().isEmpty()) return List.of(node.name());
        List<String> lines = new ArrayList<>();
        lines.add(node.name());
        for (int[] shape : node.savedShapes()) lines.add("saved " + shape(shape));
        return lines;
    }

    static List<String> leaf(Tensor leaf, String name) {
        return name == null ? List.of(shape(leaf)) : List.of(name, shape(leaf));
    }

    static List<String> output(Tensor output) {
        return List.of(shape(output));
    }

    /** torchviz's size_to_str: {@code (16, 10)}. */
    static String shape(Tensor t) {
        return shape(t.shape());
    }

    static String shape(int[] shape) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int d : shape) j.add(Integer.toString(d));
        return j.toString();
    }
}

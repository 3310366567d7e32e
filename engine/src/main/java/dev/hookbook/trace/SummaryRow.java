package dev.hookbook.trace;

import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of a {@link ModelSummary}: one call of one module, with torchinfo's rules for what its
 * columns say ({@code torchinfo/layer_info.py}: {@code num_params_to_str}, {@code _leftover},
 * {@code trainable}, {@code calculate_macs}).
 */
final class SummaryRow {
    final Module module;
    final String type;
    final String path;
    final int depth;
    final boolean leaf;
    /** Every parameter of the module's subtree, each once (PyTorch's {@code named_parameters()}). */
    final long parameters;
    final long trainable;
    int depthIndex;
    /** Called before, or every parameter it owns itself was counted on an earlier row. */
    boolean recursive;
    int[] outputShape = new int[0];
    long outputBytes;
    long multAdds;
    /** The rows below this one in the table (every depth), as torchinfo's {@code children}. */
    List<SummaryRow> descendants = List.of();

    SummaryRow(Module module, String path, int depth) {
        this.module = module;
        this.type = typeName(module);
        this.path = path;
        this.depth = depth;
        this.leaf = module.children().isEmpty();
        long all = 0, trainableCount = 0;
        for (Parameter p : module.parameters()) {
            all += p.numel();
            if (p.requiresGrad()) trainableCount += p.numel();
        }
        this.parameters = all;
        this.trainable = trainableCount;
    }

    /** The class name; for an anonymous class, the class it extends. */
    static String typeName(Module m) {
        Class<?> c = m.getClass();
        while (c.getSimpleName().isEmpty()) c = c.getSuperclass();
        return c.getSimpleName();
    }

    /** The parameters the module holds itself, not through a child ({@code recurse=False}). */
    List<Parameter> ownParameters() {
        List<Parameter> own = new ArrayList<>();
        // namedParameters names a module's own parameters first, without a dot.
        module.namedParameters().forEach((name, p) -> { if (name.indexOf('.') < 0) own.add(p); });
        return own;
    }

    /** Records the output of the call and its mult-adds, torchinfo's {@code calculate_macs}. */
    void finish(int[] shape) {
        outputShape = shape.clone();
        outputBytes = Float.BYTES * product(shape, 0, shape.length);
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            String name = e.getKey();
            long count = e.getValue().numel();
            if (name.equals("weight") || name.equals("bias")) {
                if (type.contains("Conv")) {
                    multAdds += count * product(shape, 0, 1) * product(shape, 2, shape.length); // C is not counted
                } else if (type.contains("Linear")) {
                    multAdds += count * product(shape, 0, shape.length - 1);
                } else {
                    multAdds += count * shape[0];
                }
            } else if (name.contains("weight") || name.contains("bias")) {
                multAdds += count * product(shape, 0, Math.min(2, shape.length));
            }
        }
    }

    private static long product(int[] shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    /** {@code Linear (features.0): 2-1}; the root shows its type only. */
    String layerName() {
        String name = type + (path.isEmpty() ? "" : " (" + path + ")");
        return depth > 0 ? name + ": " + depth + "-" + depthIndex : name;
    }

    /** "--" without parameters, "(recursive)", the count (in parentheses when frozen), or what no row below counts. */
    String parametersText(boolean reachedMaxDepth) {
        if (parameters == 0) return "--";
        if (recursive) return "(recursive)";
        if (reachedMaxDepth || leaf) {
            String count = ModelSummary.grouped(parameters);
            return trainable > 0 ? count : "(" + count + ")";
        }
        long left = leftoverParameters();
        return left > 0 ? ModelSummary.grouped(left) : "--";
    }

    String trainableText() {
        if (parameters == 0) return "--";
        if (trainable == 0) return "False";
        return parameters == trainable ? "True" : "Partial";
    }

    /** The parameters of this row that no row below it shows (a reused module's subtracted once). */
    long leftoverParameters() {
        long total = parameters;
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < descendants.size(); i++) {
            SummaryRow child = descendants.get(i);
            if (child.recursive) {
                if (seen.add(child.module)) total -= child.parameters;
                while (i + 1 < descendants.size() && descendants.get(i + 1).depth > child.depth) i++; // its subtree is in it
                continue;
            }
            seen.add(child.module);
            total -= child.leaf ? child.parameters : child.leftoverParameters();
        }
        return total;
    }
}

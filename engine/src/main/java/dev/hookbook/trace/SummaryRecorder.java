package dev.hookbook.trace;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one forward pass of a model under forward pre-hooks and forward hooks, as torchinfo's
 * {@code forward_pass} does, and leaves the model as it was: the hooks removed, every module's
 * training flag restored, no parameter or buffer changed (the pass runs without gradients, in
 * eval mode, so BatchNorm's running statistics stay; the inputs are zeros, so the random
 * generator is not drawn from).
 */
final class SummaryRecorder {
    private final List<SummaryRow> rows = new ArrayList<>();
    private final Deque<SummaryRow> running = new ArrayDeque<>();
    private final Set<Module> called = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Module, String> paths = new IdentityHashMap<>();

    static List<SummaryRow> record(Module model, List<int[]> inputShapes) {
        return new SummaryRecorder().run(model, inputShapes);
    }

    private List<SummaryRow> run(Module model, List<int[]> inputShapes) {
        model.namedModules().forEach((path, m) -> paths.put(m, path));
        Device device = model.parameters().stream().findFirst().map(Parameter::device).orElse(Device.CPU);
        Tensor[] inputs = inputShapes.stream().map(s -> Tensor.zeros(s).to(device)).toArray(Tensor[]::new);

        Map<Module, Boolean> training = new LinkedHashMap<>(); // namedModules order: parents before children
        model.namedModules().values().forEach(m -> training.put(m, m.isTraining()));
        List<HookHandle> handles = new ArrayList<>();
        try (var noGrad = Autograd.noGrad()) {
            for (Module m : training.keySet()) {
                handles.add(m.registerForwardPreHook((module, in) -> { enter(module); return null; }));
                handles.add(m.registerForwardHook((module, in, out) -> { leave(module, out); return null; }));
            }
            model.eval();
            model.call(inputs);
        } catch (RuntimeException e) {
            String shapes = inputShapes.stream().map(Shape::str).reduce((a, b) -> a + ", " + b).orElse("");
            String last = rows.isEmpty() ? "none" : rows.get(rows.size() - 1).layerName();
            throw new IllegalArgumentException("ModelSummary: the forward pass with input " + shapes + " failed after "
                    + rows.size() + " layer calls (last: " + last + "): " + e.getMessage(), e);
        } finally {
            handles.forEach(HookHandle::remove);
            training.forEach((m, mode) -> m.train(mode)); // train(mode) is recursive: parents first, then each child's own
        }
        markSharedParameters();
        numberRows();
        return rows;
    }

    private void enter(Module module) {
        SummaryRow row = new SummaryRow(module, paths.getOrDefault(module, "?"), running.size());
        row.recursive = !called.add(module);
        rows.add(row);
        running.push(row);
    }

    private void leave(Module module, Tensor output) {
        SummaryRow row = running.pop();
        if (row.module != module) throw new IllegalStateException("ModelSummary: forward hooks out of order at " + row.layerName());
        row.finish(output.shape());
    }

    /** model_statistics.py: a module whose own parameters were all counted on an earlier row is "(recursive)". */
    private void markSharedParameters() {
        Set<Tensor> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SummaryRow row : rows) {
            List<Parameter> own = row.ownParameters();
            boolean contributed = false;
            for (Parameter p : own) contributed |= counted.add(p);
            if (!contributed && own.stream().anyMatch(p -> p.numel() > 0)) row.recursive = true;
        }
    }

    /** set_children_layers: the index counts per depth over the whole table; descendants are the deeper rows that follow. */
    private void numberRows() {
        Map<Integer, Integer> perDepth = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow row = rows.get(i);
            row.depthIndex = perDepth.merge(row.depth, 1, Integer::sum);
            int end = i + 1;
            while (end < rows.size() && rows.get(end).depth > row.depth) end++;
            row.descendants = rows.subList(i + 1, end);
        }
    }
}

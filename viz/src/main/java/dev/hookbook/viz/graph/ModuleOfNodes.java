package dev.hookbook.viz.graph;

import dev.hookbook.autograd.Node;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.CalledModule;
import dev.hookbook.trace.events.TraceListener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Listens to a traced forward pass and notes, for each graph node an op or a Function makes,
 * the innermost module whose {@code call} was running: the module that made the node. It uses
 * the trace events the engine already sends while a trace records, so a model that is not being
 * recorded keeps its hook-free fast path.
 */
public final class ModuleOfNodes implements TraceListener {
    private final Deque<String> running = new ArrayDeque<>();
    /** Each result with the module running when it was made; the engine reports an op before it gives the result its node. */
    private final List<Map.Entry<Tensor, String>> made = new ArrayList<>();

    /** The group name of each node made during the recording: {@code features.0 (Conv2d)}, or the type for the outermost module. */
    public Map<Node, String> groups() {
        Map<Node, String> groups = new IdentityHashMap<>();
        for (Map.Entry<Tensor, String> e : made) {
            Node node = e.getKey().gradFnNode();
            if (node != null) groups.putIfAbsent(node, e.getValue());
        }
        return Collections.unmodifiableMap(groups);
    }

    static String groupName(String path, String type) {
        return path.isEmpty() ? type : path + " (" + type + ")";
    }

    @Override
    public void moduleCall(CalledModule module, Tensor[] inputs) {
        running.push(groupName(module.path(), module.type()));
    }

    @Override
    public void moduleReturn(CalledModule module, Tensor output) {
        if (!running.isEmpty()) running.pop();
    }

    @Override
    public void op(String op, Tensor[] inputs, Tensor out) {
        note(out);
    }

    @Override
    public void functionReturn(String function, Tensor out) {
        note(out);
    }

    private void note(Tensor out) {
        if (out != null && !running.isEmpty()) made.add(Map.entry(out, running.peek()));
    }
}

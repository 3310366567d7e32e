package dev.hookbook.trace;

import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import static dev.hookbook.trace.CallTrace.shape;
import static dev.hookbook.trace.CallTrace.shapes;

/**
 * Turns trace events into a tree. Ops are shown only when they work on values the trace has
 * seen (module inputs and outputs, results of shown ops, tensors that require grad), which
 * leaves out the internal steps of composite ops; ops inside backward rules are left out too.
 */
final class TraceRecorder implements TraceListener {
    private final TraceTree.Entry root = new TraceTree.Entry("", null);
    private TraceTree.Entry current = root;
    private final Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean inBackward;

    TraceTree.Entry tree() {
        return root;
    }

    private TraceTree.Entry open(String text) {
        current = new TraceTree.Entry(text, current);
        return current;
    }

    private void close() {
        if (current.parent != null) current = current.parent;
    }

    private void leaf(String text) {
        new TraceTree.Entry(text, current);
    }

    private static String name(Module m, String path) {
        String cls = m.getClass().getSimpleName();
        return path.isEmpty() ? cls : "(" + path + ") " + cls;
    }

    private void see(Tensor... ts) {
        for (Tensor t : ts) if (t != null) seen.add(t);
    }

    @Override
    public void moduleCall(Module module, String path, Tensor[] inputs) {
        see(inputs);
        open(name(module, path) + ".call(" + shapes(inputs) + ")");
    }

    @Override
    public void hook(Module module, String path, String kind) {
        leaf(kind);
    }

    @Override
    public void forward(Module module, String path) {
        open(module.getClass().getSimpleName() + ".forward");
    }

    @Override
    public void forwardReturned(Module module, String path, Tensor output) {
        see(output);
        current.text += " -> " + shape(output);
        close();
    }

    @Override
    public void moduleReturn(Module module, String path, Tensor output) {
        see(output);
        leaf("return " + shape(output));
        close();
    }

    @Override
    public void functionApply(String function, Tensor[] inputs) {
        see(inputs);
        open("Function " + function + ".apply(" + shapes(inputs) + ")");
        open(function + ".forward");
    }

    @Override
    public void functionReturn(String function, Tensor out) {
        see(out);
        current.text += " -> " + shape(out);
        close();
        close();
    }

    @Override
    public void op(String op, Tensor[] inputs, Tensor out) {
        if (inBackward) return;
        boolean visible = false;
        for (Tensor t : inputs) visible |= t != null && (seen.contains(t) || t.requiresGrad());
        if (!visible) return;
        see(out);
        leaf("op " + op + "(" + shapes(inputs) + ") -> " + shape(out));
    }

    @Override
    public void backwardStart(Tensor rootTensor) {
        inBackward = true;
        open("backward() from " + shape(rootTensor));
    }

    @Override
    public void backwardNode(String node) {
        if (current.parent != null && current.parent.text.startsWith("backward() from")) close();
        open(node);
    }

    @Override
    public void backwardPreHooks(Module module, String path, Tensor[] gradOutput) {
        leaf("backward pre-hook of " + name(module, path) + ": grad_output " + shapes(gradOutput));
    }

    @Override
    public void backwardHooks(Module module, String path, Tensor[] gradInput, Tensor[] gradOutput) {
        leaf("backward hook of " + name(module, path) + ": grad_input " + shapes(gradInput)
                + ", grad_output " + shapes(gradOutput));
    }

    @Override
    public void backwardEnd() {
        while (current != root && !current.text.startsWith("backward() from")) close();
        close();
        inBackward = false;
    }
}

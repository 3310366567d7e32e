package dev.hookbook.trace;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.CalledModule;
import dev.hookbook.trace.events.TraceListener;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static dev.hookbook.trace.CallTrace.shape;
import static dev.hookbook.trace.CallTrace.shapes;

/**
 * Turns trace events into a tree. Every op that runs is shown (ops compute their forward with
 * kernels, which report nothing, so only the ops the traced code calls appear), except the ops
 * that backward rules run inside a backward pass.
 */
final class TraceRecorder implements TraceListener {
    private final TraceTree.Entry root = new TraceTree.Entry("", null);
    private TraceTree.Entry current = root;
    /** The entries of the backward passes in progress, innermost first (a hook may run a backward of its own). */
    private final Deque<TraceTree.Entry> backwards = new ArrayDeque<>();

    TraceTree.Entry tree() {
        return root;
    }

    private TraceTree.Entry open(String text) {
        current = new TraceTree.Entry(text, current);
        return current;
    }

    private void close() {
        current.end();
        if (current.parent != null) current = current.parent;
    }

    private void leaf(String text) {
        new TraceTree.Entry(text, current);
    }

    private static String name(CalledModule m) {
        String path = m.path();
        return path.isEmpty() ? m.type() : "(" + path + ") " + m.type();
    }

    @Override
    public void moduleCall(CalledModule module, Tensor[] inputs) {
        open(name(module) + ".call(" + shapes(inputs) + ")");
    }

    @Override
    public void hook(CalledModule module, String kind) {
        leaf(kind);
    }

    @Override
    public void forward(CalledModule module) {
        open(module.type() + ".forward");
    }

    @Override
    public void forwardReturned(CalledModule module, Tensor output) {
        current.text += " -> " + shape(output);
        close();
    }

    @Override
    public void moduleReturn(CalledModule module, Tensor output) {
        leaf("return " + shape(output));
        close();
    }

    @Override
    public void functionApply(String function, Tensor[] inputs) {
        open("Function " + function + ".apply(" + shapes(inputs) + ")");
        open(function + ".forward");
    }

    @Override
    public void functionReturn(String function, Tensor out) {
        current.text += " -> " + shape(out);
        close();
        close();
    }

    @Override
    public void op(String op, Tensor[] inputs, Tensor out) {
        if (!backwards.isEmpty()) return;
        leaf("op " + op + "(" + shapes(inputs) + ") -> " + shape(out));
    }

    /** One line for the op, its outputs after the arrow: {@code op Split([1, 4, 192]) -> [1, 4, 64], [1, 4, 64], [1, 4, 64]}. */
    @Override
    public void opWithOutputs(String op, Tensor[] inputs, List<Tensor> outs) {
        if (!backwards.isEmpty()) return;
        leaf("op " + op + "(" + shapes(inputs) + ") -> " + shapes(outs.toArray(new Tensor[0])));
    }

    @Override
    public void backwardStart(Tensor rootTensor) {
        backwards.push(open("backward() from " + shape(rootTensor)));
    }

    @Override
    public void backwardNode(String node) {
        // Each node is a child of the backward pass; its hooks are children of the node. A node
        // ends when the next one begins.
        if (current != backwards.peek()) current.end();
        current = backwards.peek();
        open(node);
    }

    @Override
    public void backwardPreHooks(CalledModule module, Tensor[] gradOutput) {
        leaf("backward pre-hook of " + name(module) + ": grad_output " + shapes(gradOutput));
    }

    @Override
    public void backwardHooks(CalledModule module, Tensor[] gradInput, Tensor[] gradOutput) {
        leaf("backward hook of " + name(module) + ": grad_input " + shapes(gradInput)
                + ", grad_output " + shapes(gradOutput));
    }

    @Override
    public void backwardEnd() {
        if (current != backwards.peek()) current.end();
        TraceTree.Entry pass = backwards.pop();
        pass.end();
        current = pass.parent;
    }
}

package dev.hookbook.trace;

import dev.hookbook.autograd.Node;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.CalledModule;
import dev.hookbook.trace.events.TraceListener;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The listener behind {@link Anomaly}: it knows which module is running from the call events,
 * checks every op's output in forward, and hooks each new graph node to check the gradients it
 * computes in backward. Every event also goes on to the listener that was there before.
 */
final class AnomalyWatch implements TraceListener {
    private final TraceListener next;
    private final Deque<CalledModule> modules = new ArrayDeque<>();
    private final List<HookHandle> hooks = new ArrayList<>();
    private int backwardDepth;

    AnomalyWatch(TraceListener next) {
        this.next = next;
    }

    void removeHooks() {
        hooks.forEach(HookHandle::remove);
        hooks.clear();
    }

    // ------------------------------------------------------------------ what is checked

    @Override
    public void op(String op, Tensor[] inputs, Tensor out) {
        next.op(op, inputs, out);
        if (backwardDepth == 0) checkForward(op, inputs, out); // backward rules' own ops are checked as their node's result
    }

    @Override
    public void opWithOutputs(String op, Tensor[] inputs, List<Tensor> outs) {
        next.opWithOutputs(op, inputs, outs);
        if (backwardDepth != 0) return;
        for (Tensor out : outs) checkValues(op, inputs, out);
        if (!outs.isEmpty()) hookNode(outs.get(0).gradFnNode()); // the outputs share one node: hooked once
    }

    @Override
    public void functionReturn(String function, Tensor out) {
        next.functionReturn(function, out);
        if (backwardDepth == 0) checkForward(function, new Tensor[0], out);
    }

    private void checkForward(String op, Tensor[] inputs, Tensor out) {
        checkValues(op, inputs, out);
        hookNode(out.gradFnNode());
    }

    private void checkValues(String op, Tensor[] inputs, Tensor out) {
        CalledModule module = modules.peek();
        Count c = Count.of(out);
        if (c.bad()) {
            throw new AnomalyException("forward", module == null ? null : module.path(), op,
                    c.kind() + " in forward " + of(module) + ", op " + op + ": output " + Shape.str(out.shape()) + " has " + c
                            + "\n  inputs: " + describe(inputs));
        }
    }

    /** Checks the gradients {@code node} computes in backward (nothing for a null node). */
    private void hookNode(Node node) {
        CalledModule module = modules.peek();
        if (node != null) hooks.add(node.registerHook((gradInputs, gradOutputs) -> checkBackward(node, module, gradInputs, gradOutputs)));
    }

    private Tensor[] checkBackward(Node node, CalledModule module, Tensor[] gradInputs, Tensor[] gradOutputs) {
        for (int i = 0; i < gradInputs.length; i++) {
            Count c = Count.of(gradInputs[i]);
            if (c.bad()) {
                throw new AnomalyException("backward", module == null ? null : module.path(), node.name(),
                        c.kind() + " in backward " + of(module) + ", node " + node.name() + ": gradient of input " + i + " "
                                + Shape.str(gradInputs[i].shape()) + " has " + c + "\n  gradients it received: " + describe(gradOutputs));
            }
        }
        return null;
    }

    private static String of(CalledModule m) {
        if (m == null) return "outside any module";
        return "of " + (m.path().isEmpty() ? m.type() : m.path() + " (" + m.type() + ")");
    }

    private static String describe(Tensor[] ts) {
        if (ts.length == 0) return "none";
        List<String> parts = new ArrayList<>();
        for (Tensor t : ts) {
            if (t == null) parts.add("none");
            else {
                Count c = Count.of(t);
                parts.add(Shape.str(t.shape()) + (c.bad() ? " with " + c : " finite"));
            }
        }
        return String.join(", ", parts);
    }

    /** How many NaN and infinite values a tensor holds. */
    private record Count(int nan, int inf) {
        static Count of(Tensor t) {
            if (t == null) return new Count(0, 0);
            int nan = 0, inf = 0;
            for (float v : t.toFloatArray()) {
                if (Float.isNaN(v)) nan++;
                else if (Float.isInfinite(v)) inf++;
            }
            return new Count(nan, inf);
        }

        boolean bad() {
            return nan + inf > 0;
        }

        String kind() {
            return nan > 0 ? "NaN" : "Inf";
        }

        @Override
        public String toString() {
            if (nan > 0 && inf > 0) return nan + " NaN and " + inf + " Inf";
            return nan > 0 ? nan + " NaN" : inf + " Inf";
        }
    }

    // ------------------------------------------------------------------ where we are

    @Override
    public void moduleCall(CalledModule module, Tensor[] inputs) {
        next.moduleCall(module, inputs);
        modules.push(module);
    }

    @Override
    public void moduleReturn(CalledModule module, Tensor output) {
        next.moduleReturn(module, output);
        // A call that threw never returned: its frame goes with the first caller that returns.
        while (!modules.isEmpty() && modules.pop() != module) { }
    }

    @Override
    public void backwardStart(Tensor root) {
        next.backwardStart(root);
        backwardDepth++;
    }

    @Override
    public void backwardEnd() {
        next.backwardEnd();
        backwardDepth--;
    }

    // ------------------------------------------------------------------ passed on only

    @Override
    public void hook(CalledModule module, String kind) {
        next.hook(module, kind);
    }

    @Override
    public void forward(CalledModule module) {
        next.forward(module);
    }

    @Override
    public void forwardReturned(CalledModule module, Tensor output) {
        next.forwardReturned(module, output);
    }

    @Override
    public void backwardPreHooks(CalledModule module, Tensor[] gradOutput) {
        next.backwardPreHooks(module, gradOutput);
    }

    @Override
    public void backwardHooks(CalledModule module, Tensor[] gradInput, Tensor[] gradOutput) {
        next.backwardHooks(module, gradInput, gradOutput);
    }

    @Override
    public void backwardNode(String node) {
        next.backwardNode(node);
    }

    @Override
    public void functionApply(String function, Tensor[] inputs) {
        next.functionApply(function, inputs);
    }
}

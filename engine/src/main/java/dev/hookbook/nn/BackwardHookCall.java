package dev.hookbook.nn;

import dev.hookbook.hooks.HookList;
import dev.hookbook.autograd.Edge;
import dev.hookbook.autograd.Graph;
import dev.hookbook.autograd.Node;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.TraceListener;
import dev.hookbook.trace.Tracer;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The backward hooks of one module call, as PyTorch's {@code BackwardHook}: identity nodes
 * are put into the graph around the module, one on its inputs and one on its output. When the
 * output's gradient arrives, the backward pre-hooks run and the gradient is remembered; when the
 * inputs' gradients are complete, the full backward hooks run with both. If no input requires
 * grad, the full backward hooks run at the output with null input gradients.
 */
final class BackwardHookCall {
    private final Module module;
    private final String path;
    private final HookList<BackwardPreHook> preHooks;
    private final HookList<BackwardHook> hooks;
    private final TraceListener trace = Tracer.listener();
    private Tensor[] gradOutputs;
    private int inputCount;
    private boolean inputsWrapped;

    BackwardHookCall(Module module, String path, HookList<BackwardPreHook> preHooks, HookList<BackwardHook> hooks) {
        this.module = module;
        this.path = path;
        this.preHooks = preHooks;
        this.hooks = hooks;
    }

    Tensor[] wrapInputs(Tensor[] inputs) {
        inputCount = inputs.length;
        inputsWrapped = Graph.anyRequiresGrad(inputs);
        return inputsWrapped ? identity(inputs, this::onInputGradients) : inputs;
    }

    Tensor wrapOutput(Tensor output) {
        if (!output.requiresGrad()) return output;
        return identity(new Tensor[]{output}, this::onOutputGradients)[0];
    }

    /** Routes the tensors through one identity node that calls {@code onGradients} on backward. */
    private Tensor[] identity(Tensor[] ts, UnaryOperator<Tensor[]> onGradients) {
        Node node = new IdentityNode(Graph.edgesTo(ts), onGradients);
        Tensor[] out = ts.clone();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] != null && ts[i].requiresGrad()) {
                out[i] = ts[i].detach();
                out[i].setHistory(node, i);
            }
        }
        return out;
    }

    private Tensor[] onOutputGradients(Tensor[] grads) {
        if (trace != null && !preHooks.isEmpty()) trace.backwardPreHooks(module, path, grads.clone());
        int i = 0;
        for (BackwardPreHook hook : preHooks) {
            Tensor[] current = grads;
            Tensor[] replaced = module.guardAt(path, "backward pre-hook", i++, () -> hook.apply(module, current.clone()));
            if (replaced != null) grads = checked("backward pre-hook", replaced, current);
        }
        gradOutputs = grads;
        if (!inputsWrapped) {
            // Nothing flows to the inputs, so their hooks run now, with no input gradients.
            Tensor[] none = new Tensor[inputCount];
            runHooks(none, replaced -> {
                throw new ModuleException(CallStack.where(path, module), path,
                        "backward hook returned gradients, but no input of the module requires grad, so it must return null", null);
            });
        }
        return grads;
    }

    private Tensor[] onInputGradients(Tensor[] gradInputs) {
        Tensor[][] result = {gradInputs};
        runHooks(gradInputs, replaced -> result[0] = checked("backward hook", replaced, result[0]));
        return result[0];
    }

    private void runHooks(Tensor[] gradInputs, java.util.function.Consumer<Tensor[]> onReplace) {
        if (trace != null && !hooks.isEmpty()) trace.backwardHooks(module, path, gradInputs.clone(), gradOutputs.clone());
        Tensor[] current = gradInputs;
        int i = 0;
        for (BackwardHook hook : hooks) {
            Tensor[] in = current;
            Tensor[] replaced = module.guardAt(path, "backward hook", i++, () -> hook.apply(module, in.clone(), gradOutputs.clone()));
            if (replaced != null) {
                onReplace.accept(replaced);
                current = replaced;
            }
        }
    }

    /** A replacement must have one entry per original, each of the original's shape. */
    private Tensor[] checked(String kind, Tensor[] replaced, Tensor[] original) {
        String where = CallStack.where(path, module);
        if (replaced.length != original.length) {
            throw new ModuleException(where, path, kind + " returned " + replaced.length + " gradients, expected " + original.length, null);
        }
        for (int i = 0; i < replaced.length; i++) {
            if (replaced[i] != null && original[i] != null && !Arrays.equals(replaced[i].shape(), original[i].shape())) {
                throw new ModuleException(where, path, kind + " returned a gradient of shape " + Shape.str(replaced[i].shape())
                        + " at " + i + ", expected " + Shape.str(original[i].shape()), null);
            }
        }
        return replaced;
    }

    /** Passes gradients through unchanged, after letting the hooks see (and replace) them. */
    private static final class IdentityNode extends Node {
        private UnaryOperator<Tensor[]> onGradients;

        IdentityNode(Edge[] next, UnaryOperator<Tensor[]> onGradients) {
            super("BackwardHookFunctionBackward", next, next.length);
            this.onGradients = onGradients;
        }

        @Override
        protected Tensor[] apply(Tensor[] gradOutputs) {
            return onGradients.apply(gradOutputs);
        }

        @Override
        protected void release() {
            onGradients = null;
        }

        @Override
        protected boolean released() {
            return onGradients == null;
        }
    }
}

package dev.hookbook.nn;

import dev.hookbook.autograd.Graph;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.TraceListener;
import dev.hookbook.trace.events.Tracer;

import java.util.Arrays;
import java.util.List;

/**
 * The backward hooks of one module call, as PyTorch's {@code BackwardHook}: identity nodes
 * are put into the graph around the module, one on its inputs and one on its output. When the
 * output's gradient arrives, the backward pre-hooks run and the gradient is remembered; when the
 * inputs' gradients are complete, the full backward hooks run with both. If no input requires
 * grad, the full backward hooks run at the output with null input gradients. Each kind runs
 * the global hooks first, then the module's own, as PyTorch's {@code _get_backward_hooks}.
 */
final class BackwardHookCall {
    private static final String NODE_NAME = "BackwardHookFunctionBackward";

    private final CallFrame frame;
    private final Module module;
    // The hooks registered when forward ran (global, own), as PyTorch's _get_backward_hooks
    // lists them at call time: a hook removed before backward still runs for this call.
    private final List<LabeledHooks<BackwardPreHook>> preHooks;
    private final List<LabeledHooks<BackwardHook>> hooks;
    private Tensor[] gradOutputs;
    private int inputCount;
    private boolean inputsWrapped;

    BackwardHookCall(CallFrame frame, List<LabeledHooks<BackwardPreHook>> preHooks, List<LabeledHooks<BackwardHook>> hooks) {
        this.frame = frame;
        this.module = frame.module();
        this.preHooks = preHooks;
        this.hooks = hooks;
    }

    Tensor[] wrapInputs(Tensor[] inputs) {
        inputCount = inputs.length;
        inputsWrapped = Graph.anyRequiresGrad(inputs);
        return inputsWrapped ? Graph.identity(NODE_NAME, inputs, this::onInputGradients) : inputs;
    }

    Tensor wrapOutput(Tensor output) {
        if (!output.requiresGrad()) return output;
        return Graph.identity(NODE_NAME, new Tensor[]{output}, this::onOutputGradients)[0];
    }

    private Tensor[] onOutputGradients(Tensor[] grads) {
        TraceListener trace = Tracer.listener();
        if (!empty(preHooks)) trace.backwardPreHooks(frame, grads.clone());
        for (LabeledHooks<BackwardPreHook> list : preHooks) {
            String kind = list.label();
            int i = 0;
            for (BackwardPreHook hook : list.hooks()) {
                Tensor[] current = grads;
                Tensor[] replaced = frame.runHook(kind, i++, () -> hook.apply(module, current.clone()));
                if (replaced != null) grads = checked(kind, replaced, current);
            }
        }
        gradOutputs = grads;
        if (!inputsWrapped && runHooks(new Tensor[inputCount]) != null) {
            // Nothing flows to the inputs, so their hooks ran now, with no input gradients, and may not replace them.
            throw frame.error("backward hook returned gradients, but no input of the module requires grad, so it must return null", null);
        }
        return grads;
    }

    private Tensor[] onInputGradients(Tensor[] gradInputs) {
        Tensor[] replaced = runHooks(gradInputs);
        return replaced != null ? replaced : gradInputs;
    }

    /** Runs the full backward hooks; returns the last replacement of the input gradients, or null if none replaced them. */
    private Tensor[] runHooks(Tensor[] gradInputs) {
        if (!empty(hooks)) Tracer.listener().backwardHooks(frame, gradInputs.clone(), gradOutputs.clone());
        Tensor[] current = gradInputs, last = null;
        for (LabeledHooks<BackwardHook> list : hooks) {
            String kind = list.label();
            int i = 0;
            for (BackwardHook hook : list.hooks()) {
                Tensor[] in = current;
                Tensor[] replaced = frame.runHook(kind, i++, () -> hook.apply(module, in.clone(), gradOutputs.clone()));
                if (replaced != null) current = last = checked(kind, replaced, current);
            }
        }
        return last;
    }

    private static boolean empty(List<? extends LabeledHooks<?>> lists) {
        return lists.stream().allMatch(l -> l.hooks().isEmpty());
    }

    /** A replacement must have one entry per original, each of the original's shape. */
    private Tensor[] checked(String kind, Tensor[] replaced, Tensor[] original) {
        if (replaced.length != original.length) {
            throw frame.error(kind + " returned " + replaced.length + " gradients, expected " + original.length, null);
        }
        for (int i = 0; i < replaced.length; i++) {
            if (replaced[i] != null && original[i] != null && !Arrays.equals(replaced[i].shape(), original[i].shape())) {
                throw frame.error(kind + " returned a gradient of shape " + Shape.str(replaced[i].shape())
                        + " at " + i + ", expected " + Shape.str(original[i].shape()), null);
            }
        }
        return replaced;
    }
}

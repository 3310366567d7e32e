package dev.hookbook.trace.events;

import dev.hookbook.tensor.Tensor;

import java.util.List;

/** Receives the events of a traced call. Every method has a do-nothing default. */
public interface TraceListener {
    /** {@code module.call(inputs)} begins. */
    default void moduleCall(CalledModule module, Tensor[] inputs) {}

    /** A hook of {@code kind} ("forward pre-hook", "global forward hook", ...) is about to run. */
    default void hook(CalledModule module, String kind) {}

    /** The module's forward begins. */
    default void forward(CalledModule module) {}

    /** The module's forward returned. */
    default void forwardReturned(CalledModule module, Tensor output) {}

    /** {@code call} returns {@code output} to its caller. */
    default void moduleReturn(CalledModule module, Tensor output) {}

    /** During backward: the module's backward pre-hooks run with the gradients of its output. */
    default void backwardPreHooks(CalledModule module, Tensor[] gradOutput) {}

    /** During backward: the module's full backward hooks run with the gradients of its inputs and output. */
    default void backwardHooks(CalledModule module, Tensor[] gradInput, Tensor[] gradOutput) {}

    /** backward() begins from a tensor of this shape. */
    default void backwardStart(Tensor root) {}

    /** During backward: a node of the graph, such as {@code AddmmBackward}, computes its input gradients. */
    default void backwardNode(String node) {}

    /** backward() finished. */
    default void backwardEnd() {}

    /** A built-in op ran, such as {@code Mul}, with its inputs and output. */
    default void op(String op, Tensor[] inputs, Tensor out) {}

    /**
     * A built-in op with several outputs ran, such as {@code Split}; its outputs share one graph
     * node. By default each output is reported as {@link #op} reports one.
     */
    default void opWithOutputs(String op, Tensor[] inputs, List<Tensor> outs) {
        for (Tensor out : outs) op(op, inputs, out);
    }

    /** A custom Function's apply begins (its forward runs next). */
    default void functionApply(String function, Tensor[] inputs) {}

    /** A custom Function's forward returned. */
    default void functionReturn(String function, Tensor out) {}
}

package dev.hookbook.trace;

import dev.hookbook.tensor.Tensor;

/** Receives the events of a traced call. Every method has a do-nothing default. */
public interface TraceListener {
    /** A built-in op ran, such as {@code Mul}, with its inputs and output. */
    default void op(String op, Tensor[] inputs, Tensor out) {}

    /** A custom Function's apply begins (its forward runs next). */
    default void functionApply(String function, Tensor[] inputs) {}

    /** A custom Function's forward returned. */
    default void functionReturn(String function, Tensor out) {}
}

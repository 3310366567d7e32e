package dev.hookbook.tensor;

/** A flat buffer of float32 values on one device; tensors are views onto it (shape, strides, offset). */
public interface Storage {
    /** How many floats the buffer holds. */
    int size();
}

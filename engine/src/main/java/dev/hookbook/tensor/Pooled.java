package dev.hookbook.tensor;

/** What max pooling computes: the maxima, and for each the flat index in its input it came from (as floats). */
public record Pooled(Tensor values, Tensor indices) {}

package dev.hookbook.tensor;

/** Reductions along one dim. */
public enum ReduceOp {
    SUM, MAX,
    /** the index of the first maximum, as a float */
    ARGMAX
}

package dev.hookbook.tensor;

/** Element-wise functions of two tensors, broadcast against each other. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** 1 where a == b, else 0 */
    EQ,
    /** 1 where a > b, else 0 */
    GT,
    /** the larger of a and b; NaN if either is NaN */
    MAXIMUM
}

package dev.hookbook.tensor;

/** Element-wise functions of one tensor; {@code arg} is used by the parameterised ones. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU,
    /** x^arg */
    POW,
    /** -1, 0 or 1 */
    SIGN,
    /** 1 where x > 0, else 0 (the derivative of relu) */
    STEP,
    /** x where x > 0, else arg * x */
    LEAKY_RELU,
    /** 1 where x > 0, else arg (the derivative of leaky relu) */
    LEAKY_STEP,
    /** the error function */
    ERF,
    /** x * Phi(x), Phi the standard normal distribution function (GELU, exact form) */
    GELU,
    /** Phi(x) + x * phi(x), the derivative of GELU */
    GELU_GRAD,
    /** max(x, arg) (NaN stays NaN): clamp from below */
    CLAMP_MIN,
    /** min(x, arg) (NaN stays NaN): clamp from above */
    CLAMP_MAX
}

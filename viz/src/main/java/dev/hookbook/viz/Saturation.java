package dev.hookbook.viz;

import dev.hookbook.nn.Module;
import dev.hookbook.nn.Sigmoid;
import dev.hookbook.nn.Tanh;

/** When the output of a squashing activation counts as saturated: where its slope has all but vanished. */
enum Saturation {
    /** Tanh: slope 1 - y^2 below 6% of its peak of 1. */
    TANH,
    /** Sigmoid: y = (tanh(x/2) + 1) / 2, so the same rule on 2y - 1. */
    SIGMOID,
    /** Any other module: saturation is not defined. */
    NONE;

    private static final double LIMIT = 0.97;

    static Saturation of(Module m) {
        if (m instanceof Tanh) return TANH;
        if (m instanceof Sigmoid) return SIGMOID;
        return NONE;
    }

    boolean isSaturated(float y) {
        return switch (this) {
            case TANH -> Math.abs(y) > LIMIT;
            case SIGMOID -> Math.abs(2 * y - 1) > LIMIT;
            case NONE -> false;
        };
    }
}

package dev.hookbook.ops;

import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.Tensor;

import static dev.hookbook.autograd.Graph.record;

/** Element-wise functions of one tensor, each with its derivative beside it. */
public final class Pointwise {
    private Pointwise() {}

    private static Tensor map(UnaryOp op, Tensor x, float arg) {
        return x.device().backend().unary(op, x, arg);
    }

    public static Tensor neg(Tensor x) {
        return record("Neg", map(UnaryOp.NEG, x, 0), g -> new Tensor[]{g.neg()}, x);
    }

    public static Tensor pow(Tensor x, float p) {
        return record("Pow", map(UnaryOp.POW, x, p),
                g -> new Tensor[]{g.mul(pow(x, p - 1).mul(p))}, x);
    }

    public static Tensor exp(Tensor x) {
        Tensor y = map(UnaryOp.EXP, x, 0);
        return record("Exp", y, g -> new Tensor[]{g.mul(y)}, x);
    }

    public static Tensor log(Tensor x) {
        return record("Log", map(UnaryOp.LOG, x, 0), g -> new Tensor[]{g.div(x)}, x);
    }

    public static Tensor sqrt(Tensor x) {
        Tensor y = map(UnaryOp.SQRT, x, 0);
        return record("Sqrt", y, g -> new Tensor[]{g.div(y.mul(2f))}, x);
    }

    public static Tensor abs(Tensor x) {
        return record("Abs", map(UnaryOp.ABS, x, 0), g -> new Tensor[]{g.mul(map(UnaryOp.SIGN, x, 0))}, x);
    }

    public static Tensor tanh(Tensor x) {
        Tensor y = map(UnaryOp.TANH, x, 0);
        // 1 - y^2
        return record("Tanh", y, g -> new Tensor[]{g.mul(y.mul(y).neg().add(1f))}, x);
    }

    public static Tensor sigmoid(Tensor x) {
        Tensor y = map(UnaryOp.SIGMOID, x, 0);
        // y (1 - y)
        return record("Sigmoid", y, g -> new Tensor[]{g.mul(y.mul(y.neg().add(1f)))}, x);
    }

    public static Tensor relu(Tensor x) {
        Tensor y = map(UnaryOp.RELU, x, 0);
        return record("Relu", y, g -> new Tensor[]{timesSlope(UnaryOp.STEP, y, 0, g)}, x);
    }

    public static Tensor leakyRelu(Tensor x, float slope) {
        return record("LeakyRelu", map(UnaryOp.LEAKY_RELU, x, slope),
                g -> new Tensor[]{timesSlope(UnaryOp.LEAKY_STEP, x, slope, g)}, x);
    }

    /** g times the slope {@code op} gives at t: the slope is a fresh array of the rule's own, so g is multiplied into it. */
    private static Tensor timesSlope(UnaryOp op, Tensor t, float arg, Tensor g) {
        Tensor slope = map(op, t, arg);
        Ops.backend(op.name().toLowerCase() + " gradient", slope, g).binaryInPlace(BinaryOp.MUL, slope, g);
        return slope;
    }
}

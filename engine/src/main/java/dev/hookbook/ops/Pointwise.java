package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.Tensor;

import java.util.List;

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
        Saved sx = Saved.of(x);
        return record("Pow", map(UnaryOp.POW, x, p), List.of(sx),
                g -> new Tensor[]{g.mul(pow(sx.get(), p - 1).mul(p))}, x);
    }

    public static Tensor exp(Tensor x) {
        Tensor y = map(UnaryOp.EXP, x, 0);
        Saved sy = Saved.of(y);
        return record("Exp", y, List.of(sy), g -> new Tensor[]{g.mul(sy.get())}, x);
    }

    public static Tensor log(Tensor x) {
        Saved sx = Saved.of(x);
        return record("Log", map(UnaryOp.LOG, x, 0), List.of(sx), g -> new Tensor[]{g.div(sx.get())}, x);
    }

    public static Tensor sqrt(Tensor x) {
        Tensor y = map(UnaryOp.SQRT, x, 0);
        Saved sy = Saved.of(y);
        return record("Sqrt", y, List.of(sy), g -> new Tensor[]{g.div(sy.get().mul(2f))}, x);
    }

    public static Tensor abs(Tensor x) {
        Saved sx = Saved.of(x);
        // sign(x) is a constant of the rule: its derivative is zero almost everywhere
        return record("Abs", map(UnaryOp.ABS, x, 0), List.of(sx), g -> new Tensor[]{g.mul(map(UnaryOp.SIGN, sx.get(), 0))}, x);
    }

    public static Tensor tanh(Tensor x) {
        Tensor y = map(UnaryOp.TANH, x, 0);
        Saved sy = Saved.of(y);
        // 1 - y^2
        return record("Tanh", y, List.of(sy), g -> {
            Tensor t = sy.get();
            return new Tensor[]{g.mul(t.mul(t).neg().add(1f))};
        }, x);
    }

    public static Tensor sigmoid(Tensor x) {
        Tensor y = map(UnaryOp.SIGMOID, x, 0);
        Saved sy = Saved.of(y);
        // y (1 - y)
        return record("Sigmoid", y, List.of(sy), g -> {
            Tensor s = sy.get();
            return new Tensor[]{g.mul(s.mul(s.neg().add(1f)))};
        }, x);
    }

    public static Tensor relu(Tensor x) {
        Tensor y = map(UnaryOp.RELU, x, 0);
        Saved sy = Saved.of(y);
        return record("Relu", y, List.of(sy), g -> new Tensor[]{timesSlope(UnaryOp.STEP, sy.get(), 0, g)}, x);
    }

    public static Tensor leakyRelu(Tensor x, float slope) {
        Saved sx = Saved.of(x);
        return record("LeakyRelu", map(UnaryOp.LEAKY_RELU, x, slope), List.of(sx),
                g -> new Tensor[]{timesSlope(UnaryOp.LEAKY_STEP, sx.get(), slope, g)}, x);
    }

    /**
     * g times the slope {@code op} gives at t. The slope is a constant (its own derivative is
     * zero almost everywhere); in a plain backward it is a fresh array of the rule's own, so g is
     * multiplied into it in place. With createGraph g has a history, so the product is recorded.
     */
    private static Tensor timesSlope(UnaryOp op, Tensor t, float arg, Tensor g) {
        Tensor slope = map(op, t, arg);
        if (Autograd.isGradEnabled()) return g.mul(slope);
        Ops.backend(op.name().toLowerCase() + " gradient", slope, g).binaryInPlace(BinaryOp.MUL, slope, g);
        return slope;
    }
}

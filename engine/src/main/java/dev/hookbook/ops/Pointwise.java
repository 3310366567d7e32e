package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;
import static dev.hookbook.ops.Ops.sumTo;

/**
 * Element-wise functions, each with its derivative beside it: of one tensor (exp, log, the
 * activations, erf and GELU), and the bounds ({@code clamp} to an interval, the {@code maximum} of two).
 */
public final class Pointwise {
    /** 2 / sqrt(pi): erf'(x) = 2 / sqrt(pi) exp(-x^2). */
    private static final float TWO_OVER_SQRT_PI = 1.1283791670955126f;
    private static final float INV_SQRT_2 = 0.7071067811865476f;
    private static final float INV_SQRT_2PI = 0.3989422804014327f;

    private Pointwise() {}

    private static Tensor map(UnaryOp op, Tensor x, float arg) {
        return x.device().backend().unary(op, x, arg);
    }

    public static Tensor neg(Tensor x) {
        return record("Neg", map(UnaryOp.NEG, x, 0), g -> new Tensor[]{gradFromResult(UnaryOp.NEG, g, null)}, x);
    }

    public static Tensor pow(Tensor x, float p) {
        Saved sx = Saved.of(x);
        return record("Pow", map(UnaryOp.POW, x, p), List.of(sx),
                g -> new Tensor[]{g.mul(pow(sx.get(), p - 1).mul(p))}, x);
    }

    public static Tensor exp(Tensor x) {
        Tensor y = map(UnaryOp.EXP, x, 0);
        Saved sy = Saved.of(y);
        return record("Exp", y, List.of(sy), g -> new Tensor[]{gradFromResult(UnaryOp.EXP, g, sy)}, x);
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
        return record("Tanh", y, List.of(sy), g -> new Tensor[]{gradFromResult(UnaryOp.TANH, g, sy)}, x);
    }

    public static Tensor sigmoid(Tensor x) {
        Tensor y = map(UnaryOp.SIGMOID, x, 0);
        Saved sy = Saved.of(y);
        return record("Sigmoid", y, List.of(sy), g -> new Tensor[]{gradFromResult(UnaryOp.SIGMOID, g, sy)}, x);
    }

    public static Tensor relu(Tensor x) {
        Tensor y = map(UnaryOp.RELU, x, 0);
        Saved sy = Saved.of(y);
        return record("Relu", y, List.of(sy), g -> new Tensor[]{gradFromResult(UnaryOp.RELU, g, sy)}, x);
    }

    public static Tensor leakyRelu(Tensor x, float slope) {
        Saved sx = Saved.of(x);
        return record("LeakyRelu", map(UnaryOp.LEAKY_RELU, x, slope), List.of(sx),
                g -> new Tensor[]{timesSlope(UnaryOp.LEAKY_STEP, sx.get(), slope, g)}, x);
    }

    /**
     * The gradient of a map whose derivative is a function of its result y (saved in
     * {@code y}): relu, exp, tanh (1 - y^2), sigmoid (y (1 - y)), and neg (of nothing; y is null).
     * Their in-place forms ({@link InPlace#unary}) share these rules.
     */
    static Tensor gradFromResult(UnaryOp op, Tensor g, Saved y) {
        return switch (op) {
            case RELU -> timesSlope(UnaryOp.STEP, y.get(), 0, g);
            case EXP -> g.mul(y.get());
            case TANH -> {
                Tensor t = y.get();
                yield g.mul(t.mul(t).neg().add(1f));
            }
            case SIGMOID -> {
                Tensor s = y.get();
                yield g.mul(s.mul(s.neg().add(1f)));
            }
            case NEG -> g.neg();
            default -> throw new IllegalArgumentException(op + ": its gradient is not a function of its result");
        };
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

    // ------------------------------------------------------------------ the error function and GELU, built on it

    public static Tensor erf(Tensor x) {
        Tensor y = x.device().backend().unary(UnaryOp.ERF, x, 0);
        Saved sx = Saved.of(x);
        return record("Erf", y, List.of(sx), g -> {
            Tensor v = sx.get();
            return new Tensor[]{g.mul(v.mul(v).neg().exp().mul(TWO_OVER_SQRT_PI))};
        }, x);
    }

    /** GELU'(x) = Phi(x) + x phi(x), in recorded ops: Phi = (1 + erf(x / sqrt 2)) / 2, phi = exp(-x^2 / 2) / sqrt(2 pi). */
    private static Tensor geluSlope(Tensor x) {
        Tensor cdf = erf(x.mul(INV_SQRT_2)).add(1f).mul(0.5f);
        Tensor pdf = x.mul(x).mul(-0.5f).exp().mul(INV_SQRT_2PI);
        return cdf.add(x.mul(pdf));
    }

    /** {@code x Phi(x) = x / 2 (1 + erf(x / sqrt 2))}, the exact GELU (PyTorch's {@code approximate='none'}). */
    public static Tensor gelu(Tensor x) {
        Tensor y = x.device().backend().unary(UnaryOp.GELU, x, 0);
        Saved sx = Saved.of(x);
        return record("Gelu", y, List.of(sx), g -> {
            Tensor v = sx.get();
            // The fused derivative kernel has no derivative of its own: with createGraph it is spelled in ops.
            Tensor slope = Autograd.isGradEnabled() ? geluSlope(v) : v.device().backend().unary(UnaryOp.GELU_GRAD, v, 0);
            return new Tensor[]{g.mul(slope)};
        }, x);
    }

    // ------------------------------------------------------------------ bounds: clamp to an interval, the larger of two

    /** Each element limited to [min, max] (max wins when min > max, as in PyTorch); NaN stays NaN. */
    public static Tensor clamp(Tensor x, float min, float max) {
        Backend be = x.device().backend();
        Tensor low = be.unary(UnaryOp.CLAMP_MIN, x, min);
        Tensor out = be.unary(UnaryOp.CLAMP_MAX, low, max);
        be.release(low);
        // The gradient passes where the clamp left x as it was (min <= x <= max, ends included).
        Saved sx = Saved.of(x), sout = Saved.of(out);
        return record("Clamp", out, List.of(sx, sout), g -> new Tensor[]{g.mul(sout.get().eq(sx.get()))}, x);
    }

    /**
     * The larger of a and b element-wise (broadcast; NaN if either is NaN). On a tie each side
     * gets half the gradient, as in PyTorch.
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = Ops.backend("maximum", a, b).binary(BinaryOp.MAXIMUM, a, b);
        Saved sa = Saved.of(a), sb = Saved.of(b);
        boolean needA = needs(a), needB = needs(b);
        int[] aShape = a.shape(), bShape = b.shape();
        return record("Maximum", out, List.of(sa, sb), g -> {
            Tensor va = sa.get(), vb = sb.get();
            Tensor half = va.eq(vb).mul(0.5f);
            return new Tensor[]{
                    needA ? sumTo(g.mul(va.gt(vb).add(half)), aShape) : null,
                    needB ? sumTo(g.mul(vb.gt(va).add(half)), bShape) : null};
        }, a, b);
    }
}

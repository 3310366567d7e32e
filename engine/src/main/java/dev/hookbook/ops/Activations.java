package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/** The error function and GELU, the activation of transformers, built on it. */
public final class Activations {
    /** 2 / sqrt(pi): erf'(x) = 2 / sqrt(pi) exp(-x^2). */
    private static final float TWO_OVER_SQRT_PI = 1.1283791670955126f;

    private Activations() {}

    public static Tensor erf(Tensor x) {
        Tensor y = x.device().backend().unary(UnaryOp.ERF, x, 0);
        Saved sx = Saved.of(x);
        return record("Erf", y, List.of(sx), g -> {
            Tensor v = sx.get();
            return new Tensor[]{g.mul(v.mul(v).neg().exp().mul(TWO_OVER_SQRT_PI))};
        }, x);
    }

    /** {@code x Phi(x) = x / 2 (1 + erf(x / sqrt 2))}, the exact GELU (PyTorch's {@code approximate='none'}). */
    public static Tensor gelu(Tensor x) {
        Tensor y = x.device().backend().unary(UnaryOp.GELU, x, 0);
        Saved sx = Saved.of(x);
        return record("Gelu", y, List.of(sx), g -> {
            Tensor v = sx.get();
            return new Tensor[]{g.mul(v.device().backend().unary(UnaryOp.GELU_GRAD, v, 0))};
        }, x);
    }
}

package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/** The error function and GELU, the activation of transformers, built on it. */
public final class Activations {
    /** 2 / sqrt(pi): erf'(x) = 2 / sqrt(pi) exp(-x^2). */
    private static final float TWO_OVER_SQRT_PI = 1.1283791670955126f;
    private static final float INV_SQRT_2 = 0.7071067811865476f;
    private static final float INV_SQRT_2PI = 0.3989422804014327f;

    private Activations() {}

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
}

package dev.hookbook.autograd;

import static dev.hookbook.autograd.GradCheckAsserts.assertPassed;
import static dev.hookbook.autograd.GradCheckAsserts.distinct;
import static dev.hookbook.autograd.GradCheckAsserts.positive;
import static dev.hookbook.autograd.GradCheckAsserts.randAwayFromZero;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Second derivatives of every differentiable op, by {@link GradCheck#gradGradCheck}: each op's
 * first gradient, taken with createGraph, is itself gradient-checked against finite
 * differences, with respect to the inputs and the upstream gradient. So every backward rule
 * records differentiable ops, including those whose plain backward is a fused kernel
 * (convolution, max pooling, batch and layer norm, GELU).
 */
class GradGradCheckTest {

    /** Normal values at least 0.1 away from 0 (kinks of abs, relu, leaky relu). */
    static Tensor rand(long seed, int... shape) {
        return randAwayFromZero(seed, shape);
    }

    private static Arguments op(String name, GradCheck.Fn f, Tensor... inputs) {
        return Arguments.of(Named.of(name, f), inputs);
    }

    static Stream<Arguments> ops() {
        List<Arguments> ops = new ArrayList<>();
        ops.add(op("add", x -> x[0].add(x[1]).mul(x[0]), rand(1, 2, 3), rand(2, 3)));
        ops.add(op("sub", x -> x[0].sub(x[1]).pow(2f), rand(1, 2, 3), rand(2, 2, 1)));
        ops.add(op("mul", x -> x[0].mul(x[1]), rand(1, 2, 3), rand(2, 2, 3)));
        ops.add(op("div", x -> x[0].div(x[1]), rand(1, 2, 3), positive(2, 3)));
        ops.add(op("neg", x -> x[0].neg().mul(x[0]), rand(1, 4)));
        ops.add(op("pow", x -> x[0].pow(2.5f), positive(1, 4)));
        ops.add(op("exp", x -> x[0].exp(), rand(1, 4)));
        ops.add(op("log", x -> x[0].log(), positive(1, 4)));
        ops.add(op("sqrt", x -> x[0].sqrt(), positive(1, 4)));
        ops.add(op("abs", x -> x[0].abs().mul(x[0]), rand(1, 5)));
        ops.add(op("tanh", x -> x[0].tanh(), rand(1, 5)));
        ops.add(op("sigmoid", x -> x[0].sigmoid(), rand(1, 5)));
        ops.add(op("relu", x -> x[0].relu().mul(x[0]), rand(1, 6)));
        ops.add(op("leakyRelu", x -> F.leakyRelu(x[0], 0.2f).pow(2f), rand(1, 6)));
        ops.add(op("erf", x -> x[0].erf(), rand(1, 5)));
        ops.add(op("gelu", x -> x[0].gelu(), rand(1, 6)));
        ops.add(op("clamp", x -> x[0].clamp(-0.8f, 0.8f).mul(x[0]), rand(1, 6)));
        ops.add(op("maximum", x -> x[0].maximum(x[1]).pow(2f), rand(1, 2, 3), rand(2, 2, 3)));
        ops.add(op("matmul", x -> x[0].matmul(x[1]), rand(1, 2, 3), rand(2, 3, 4)));
        ops.add(op("matmul batched", x -> x[0].matmul(x[1]), rand(1, 2, 2, 3), rand(2, 3, 2)));
        ops.add(op("linear", x -> F.linear(x[0], x[1], x[2]).tanh(), rand(1, 2, 3), rand(2, 4, 3), rand(3, 4)));
        ops.add(op("sum", x -> x[0].sum(1, false).pow(2f), rand(1, 2, 3)));
        ops.add(op("sum all", x -> x[0].sum().mul(x[0]), rand(1, 2, 3)));
        ops.add(op("mean", x -> x[0].mean(0, true).mul(x[0]), rand(1, 2, 3)));
        ops.add(op("mean all", x -> x[0].mean().mul(x[0]), rand(1, 2, 3)));
        ops.add(op("max", x -> x[0].max(1, false).pow(2f), distinct(1, 3, 4)));
        ops.add(op("softmax", x -> x[0].softmax(1), rand(1, 2, 4)));
        ops.add(op("logSoftmax", x -> x[0].logSoftmax(1), rand(1, 2, 4)));
        ops.add(op("var", x -> x[0].var(1, false), rand(1, 2, 4)));
        ops.add(op("std", x -> x[0].std(0, true), rand(1, 3, 2)));
        ops.add(op("cat", x -> Tensor.cat(1, x[0], x[1]).pow(2f), rand(1, 2, 3), rand(2, 2, 2)));
        ops.add(op("stack", x -> Tensor.stack(0, x[0], x[1]).pow(2f), rand(1, 2, 3), rand(2, 2, 3)));
        ops.add(op("split", x -> x[0].split(2, 1).get(1).pow(2f), rand(1, 2, 5)));
        ops.add(op("narrow", x -> x[0].narrow(0, 1, 2).pow(2f), rand(1, 3, 2)));
        ops.add(op("indexSelect", x -> x[0].indexSelect(1, Tensor.of(new float[]{2, 0, 2}, 3)).pow(2f), rand(1, 2, 3)));
        ops.add(op("gather", x -> x[0].gather(1, Tensor.of(new float[]{1, 1, 0, 2}, 2, 2)).pow(2f), rand(1, 2, 3)));
        ops.add(op("maskedFill", x -> x[0].maskedFill(Tensor.of(new float[]{1, 0, 0, 1, 0, 1}, 2, 3), 0f).pow(2f), rand(1, 2, 3)));
        ops.add(op("where", x -> Tensor.where(Tensor.of(new float[]{1, 0, 1}, 3), x[0], x[1]).pow(2f), rand(1, 2, 3), rand(2, 2, 3)));
        ops.add(op("tril", x -> x[0].tril().pow(2f), rand(1, 3, 3)));
        ops.add(op("topk", x -> x[0].topk(2, 1).pow(2f), distinct(1, 2, 4)));
        ops.add(op("views", x -> x[0].transpose(0, 1).reshape(6).unsqueeze(0).expand(2, 6).permute(1, 0).squeeze(1).pow(2f),
                rand(1, 2, 3)));
        ops.add(op("conv2d", x -> F.conv2d(x[0], x[1], x[2], 1, 1), rand(1, 1, 2, 4, 4), rand(2, 3, 2, 3, 3), rand(3, 3)));
        ops.add(op("conv2d strided", x -> F.conv2d(x[0], x[1], null, 2, 0).pow(2f), rand(1, 2, 1, 5, 5), rand(2, 2, 1, 3, 3)));
        ops.add(op("maxPool2d", x -> F.maxPool2d(x[0], 2).pow(2f), distinct(1, 1, 2, 4, 4)));
        ops.add(op("batchNorm train", x -> F.batchNorm(x[0], null, null, x[1], x[2], true), rand(1, 3, 2, 2, 2), rand(2, 2), rand(3, 2)));
        ops.add(op("batchNorm eval", x -> F.batchNorm(x[0], Tensor.of(new float[]{0.1f, -0.2f}, 2), Tensor.of(new float[]{0.5f, 2f}, 2),
                x[1], x[2], false).pow(2f), rand(1, 3, 2), rand(2, 2), rand(3, 2)));
        ops.add(op("layerNorm", x -> F.layerNorm(x[0], new int[]{4}, x[1], x[2], 1e-5f), rand(1, 3, 4), rand(2, 4), rand(3, 4)));
        ops.add(op("embedding", x -> F.embedding(Tensor.of(new float[]{2, 0, 2}, 3), x[0]).pow(2f), rand(1, 3, 2)));
        ops.add(op("crossEntropy", x -> F.crossEntropy(x[0], Tensor.of(new float[]{0, 2}, 2)), rand(1, 2, 3)));
        ops.add(op("mseLoss", x -> F.mseLoss(x[0], x[1]), rand(1, 2, 3), rand(2, 2, 3)));
        ops.add(op("attention", x -> F.scaledDotProductAttention(x[0], x[1], x[2], null, true), rand(1, 1, 3, 2), rand(2, 1, 3, 2),
                rand(3, 1, 3, 2)));
        // The ops recipes reach for: resizing, writing at indices, selection and order statistics.
        ops.add(op("interpolate bilinear", x -> F.interpolate(x[0], new int[]{5, 3}, "bilinear", false).pow(2f), rand(1, 1, 1, 3, 4)));
        ops.add(op("interpolate bilinear corners", x -> F.interpolate(x[0], new float[]{1.5f}, "bilinear", true).pow(2f), rand(1, 1, 1, 2, 3)));
        ops.add(op("interpolate nearest", x -> F.interpolate(x[0], new int[]{5}, "nearest").pow(2f), rand(1, 1, 2, 3)));
        ops.add(op("scatter", x -> x[0].scatter(1, Tensor.of(new float[]{2, 0, 1, 0}, 2, 2), x[1]).pow(2f), rand(1, 2, 3), rand(2, 2, 2)));
        ops.add(op("scatterAdd", x -> x[0].scatterAdd(1, Tensor.of(new float[]{2, 2, 1, 0}, 2, 2), x[1]).pow(2f), rand(1, 2, 3), rand(2, 2, 2)));
        ops.add(op("indexPut", x -> x[0].indexPut(new Tensor[]{Tensor.of(new float[]{0, 2}, 2)}, x[1]).pow(2f), rand(1, 3, 2), rand(2, 2, 2)));
        ops.add(op("indexPut accumulate", x -> x[0].indexPut(new Tensor[]{Tensor.of(new float[]{1, 1}, 2)}, x[1], true).pow(2f),
                rand(1, 3, 2), rand(2, 2, 2)));
        ops.add(op("clone", x -> x[0].clone().mul(x[0]), rand(1, 2, 3)));
        ops.add(op("max all", x -> x[0].max().mul(x[0]), distinct(1, 2, 3)));
        ops.add(op("min all", x -> x[0].min().mul(x[0]), distinct(1, 2, 3)));
        ops.add(op("minWithIndices", x -> x[0].minWithIndices(1, false).values().pow(2f), distinct(1, 3, 4)));
        ops.add(op("kthvalue", x -> x[0].kthvalue(2, 1, true).mul(x[0]), distinct(1, 2, 4)));
        ops.add(op("median", x -> x[0].median(0, false).pow(2f), distinct(1, 3, 2)));
        ops.add(op("quantile", x -> x[0].quantile(0.3f, 1, false).pow(2f), distinct(1, 2, 5)));
        return ops.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void secondDerivativesMatchFiniteDifferences(GradCheck.Fn f, Tensor[] inputs) {
        assertPassed(GradCheck.gradGradCheck(f, inputs));
    }

    @Test
    void gradgradcheckFailsOnAWrongSecondDerivative() {
        // A backward that reads x detached is right to first order, but no second derivative flows back.
        Function cube = cube(true);
        assertTrue(GradCheck.check(cube, rand(1, 4)).passed(), "first order is right");
        assertFalse(GradCheck.gradGradCheck(cube::apply, rand(1, 4)).passed(), "second order misses d/dx of 3x^2");
        Function right = cube(false);
        assertTrue(GradCheck.gradGradCheck(right::apply, rand(1, 4)).passed(), "a backward in ops on the saved input is differentiable");
    }

    /** x^3 as a Function, its backward 3x^2 g read from the saved input, {@code detached} or not. */
    private static Function cube(boolean detached) {
        return new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return in[0].pow(3f);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                Tensor x = detached ? ctx.saved()[0].detach() : ctx.saved()[0];
                return new Tensor[]{g[0].mul(x.pow(2f).mul(3f))};
            }
        };
    }
}

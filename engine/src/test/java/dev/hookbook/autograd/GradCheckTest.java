package dev.hookbook.autograd;

import static dev.hookbook.autograd.GradCheckAsserts.check;
import static dev.hookbook.autograd.GradCheckAsserts.distinct;
import static dev.hookbook.autograd.GradCheckAsserts.positive;
import static dev.hookbook.autograd.GradCheckAsserts.randAwayFromZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every differentiable op of the engine, its analytic gradient compared with central finite
 * differences by {@link GradCheck}; and the checker itself failing on a wrong backward.
 */
class GradCheckTest {

    /** Normal values, kept at least 0.1 away from 0 (for abs and relu, whose kink is there). */
    private static Tensor rand(long seed, int... shape) {
        return randAwayFromZero(seed, shape);
    }

    // ------------------------------------------------------------------ arithmetic

    @Test
    void add() {
        check(x -> x[0].add(x[1]), rand(1, 2, 3), rand(2, 2, 3));
        check(x -> x[0].add(x[1]), rand(1, 2, 3), rand(2, 3));
        check(x -> x[0].add(x[1]), rand(1, 2, 1, 4), rand(2, 3, 1));
        check(x -> x[0].add(x[1]), rand(1, 2, 3), Tensor.scalar(0.7f));
        check(x -> x[0].add(2.5f), rand(3, 4));
    }

    @Test
    void sub() {
        check(x -> x[0].sub(x[1]), rand(4, 3, 2), rand(5, 3, 2));
        check(x -> x[0].sub(x[1]), rand(4, 3), rand(5, 2, 3));
        check(x -> x[0].sub(x[1]), rand(4, 3, 1), rand(5, 1, 2));
        check(x -> x[0].sub(-1.5f), rand(6, 4));
    }

    @Test
    void mul() {
        check(x -> x[0].mul(x[1]), rand(7, 2, 3), rand(8, 2, 3));
        check(x -> x[0].mul(x[1]), rand(7, 2, 3), rand(8, 2, 1));
        check(x -> x[0].mul(x[1]), rand(7, 4), rand(8, 3, 1));
        check(x -> x[0].mul(x[1]), Tensor.scalar(1.3f), rand(8, 2, 2));
        check(x -> x[0].mul(x[0]), rand(9, 5));
        check(x -> x[0].mul(-3f), rand(9, 5));
    }

    @Test
    void div() {
        check(x -> x[0].div(x[1]), rand(10, 2, 3), positive(11, 2, 3));
        check(x -> x[0].div(x[1]), rand(10, 2, 3), positive(11, 3));
        check(x -> x[0].div(x[1]), rand(10, 3), positive(11, 2, 1));
        check(x -> x[0].div(x[1]), Tensor.scalar(2f), positive(11, 4));
        check(x -> x[0].div(4f), rand(12, 3));
    }

    @Test
    void onlySomeInputsRequireGrad() {
        Tensor a = rand(13, 2, 3).requiresGrad(true);
        Tensor b = positive(14, 3);
        check(x -> x[0].div(x[1]), a, b);
        check(x -> x[1].mul(x[0]), a, b);
    }

    // ------------------------------------------------------------------ pointwise

    @Test
    void neg() {
        check(x -> x[0].neg(), rand(20, 2, 3));
    }

    @Test
    void pow() {
        check(x -> x[0].pow(2), rand(21, 2, 3));
        check(x -> x[0].pow(3), rand(22, 4));
        check(x -> x[0].pow(0.5f), positive(23, 4));
        check(x -> x[0].pow(-1.5f), positive(24, 4));
        check(x -> x[0].pow(-1), positive(25, 4));
    }

    @Test
    void exp() {
        check(x -> x[0].exp(), rand(26, 2, 3));
    }

    @Test
    void log() {
        check(x -> x[0].log(), positive(27, 2, 3));
    }

    @Test
    void sqrt() {
        check(x -> x[0].sqrt(), positive(28, 2, 3));
    }

    @Test
    void abs() {
        check(x -> x[0].abs(), rand(29, 2, 3));
    }

    @Test
    void tanh() {
        check(x -> x[0].tanh(), rand(30, 2, 3));
    }

    @Test
    void sigmoid() {
        check(x -> x[0].sigmoid(), rand(31, 2, 3));
    }

    @Test
    void relu() {
        check(x -> x[0].relu(), rand(32, 3, 4));
    }

    // ------------------------------------------------------------------ matmul

    @Test
    void matmul2d() {
        check(x -> x[0].matmul(x[1]), rand(40, 3, 4), rand(41, 4, 2));
        check(x -> x[0].matmul(x[1].transpose(0, 1)), rand(40, 3, 4), rand(41, 2, 4));
    }

    @Test
    void matmulBatched() {
        check(x -> x[0].matmul(x[1]), rand(42, 2, 3, 4), rand(43, 2, 4, 2));
        check(x -> x[0].matmul(x[1]), rand(42, 2, 1, 2, 3), rand(43, 3, 3, 2));
        check(x -> x[0].matmul(x[1]), rand(42, 3, 4), rand(43, 2, 4, 2));
        check(x -> x[0].matmul(x[1]), rand(42, 2, 3, 4), rand(43, 4, 2));
    }

    @Test
    void matmulWithVectors() {
        check(x -> x[0].matmul(x[1]), rand(44, 3, 4), rand(45, 4));
        check(x -> x[0].matmul(x[1]), rand(44, 3), rand(45, 3, 2));
        check(x -> x[0].matmul(x[1]), rand(44, 5), rand(45, 5));
        check(x -> x[0].matmul(x[1]), rand(44, 2, 3, 4), rand(45, 4));
    }

    // ------------------------------------------------------------------ reductions

    @Test
    void sum() {
        check(x -> x[0].sum(), rand(50, 2, 3));
        check(x -> x[0].sum(0, false), rand(51, 2, 3, 2));
        check(x -> x[0].sum(1, true), rand(52, 2, 3, 2));
        check(x -> x[0].sum(-1, false), rand(53, 2, 3, 2));
        check(x -> x[0].sum(-2, true), rand(54, 2, 3, 2));
        check(x -> x[0].sum(0, false), Tensor.scalar(1.5f));
    }

    @Test
    void mean() {
        check(x -> x[0].mean(), rand(55, 2, 3));
        check(x -> x[0].mean(0, false), rand(56, 2, 3, 2));
        check(x -> x[0].mean(2, true), rand(57, 2, 3, 2));
        check(x -> x[0].mean(-1, false), rand(58, 4, 3));
        check(x -> x[0].mean(-3, true), rand(59, 2, 3, 2));
    }

    @Test
    void max() {
        check(x -> x[0].max(1), distinct(60, 3, 4));
        check(x -> x[0].max(0), distinct(61, 3, 4));
        check(x -> x[0].max(-1, true), distinct(62, 2, 3, 4));
        check(x -> x[0].max(1, false), distinct(63, 2, 3, 4));
    }

    @Test
    void softmax() {
        check(x -> x[0].softmax(1), rand(64, 3, 4));
        check(x -> x[0].softmax(0), rand(65, 3, 4));
        check(x -> x[0].softmax(-2), rand(66, 2, 3, 2));
    }

    @Test
    void logSoftmax() {
        check(x -> x[0].logSoftmax(1), rand(67, 3, 4));
        check(x -> x[0].logSoftmax(0), rand(68, 3, 4));
        check(x -> x[0].logSoftmax(-1), rand(69, 2, 3, 2));
    }

    // ------------------------------------------------------------------ views

    @Test
    void reshapeAndView() {
        check(x -> x[0].reshape(3, 2).mul(x[1]), rand(70, 2, 3), rand(71, 3, 2));
        check(x -> x[0].view(-1).mul(x[1]), rand(72, 2, 3), rand(73, 6));
        // reshape of a non-contiguous view copies, and the gradient still finds its way
        check(x -> x[0].transpose(0, 1).reshape(6).mul(x[1]), rand(74, 2, 3), rand(75, 6));
    }

    @Test
    void flatten() {
        check(x -> x[0].flatten().mul(x[1]), rand(76, 2, 3, 2), rand(77, 12));
        check(x -> x[0].flatten(1).mul(x[1]), rand(76, 2, 3, 2), rand(77, 6));
    }

    @Test
    void transpose() {
        check(x -> x[0].transpose(0, 1).mul(x[1]), rand(78, 2, 3), rand(79, 3, 2));
        check(x -> x[0].transpose(-1, 0).mul(x[1]), rand(78, 2, 3, 4), rand(79, 4, 3, 2));
    }

    @Test
    void permute() {
        check(x -> x[0].permute(2, 0, 1).mul(x[1]), rand(80, 2, 3, 4), rand(81, 4, 2, 3));
    }

    @Test
    void unsqueezeAndSqueeze() {
        check(x -> x[0].unsqueeze(1).mul(x[1]), rand(82, 2, 3), rand(83, 2, 4, 3));
        check(x -> x[0].squeeze(1).mul(x[1]), rand(84, 2, 1, 3), rand(85, 2, 3));
    }

    @Test
    void expand() {
        check(x -> x[0].expand(3, 4).mul(x[1]), rand(86, 3, 1), rand(87, 3, 4));
        check(x -> x[0].expand(2, 3, 4).mul(x[1]), rand(88, 4), rand(89, 2, 3, 4));
    }

    @Test
    void contiguous() {
        check(x -> x[0].transpose(0, 1).contiguous().mul(x[1]), rand(90, 2, 3), rand(91, 3, 2));
        check(x -> x[0].copy().mul(x[1]), rand(92, 3), rand(93, 3));
    }

    // ------------------------------------------------------------------ compositions and custom ops

    @Test
    void aSmallNetwork() {
        check(x -> x[0].matmul(x[1]).add(x[2]).tanh().matmul(x[3]).logSoftmax(1).mean(),
                rand(100, 4, 3), rand(101, 3, 5), rand(102, 5), rand(103, 5, 2));
    }

    @Test
    void sharedSubexpressions() {
        check(x -> {
            Tensor y = x[0].mul(x[1]);
            return y.mul(y).add(y.sigmoid()).sum(1, false);
        }, rand(104, 2, 3), rand(105, 3));
    }

    /** x * y, its backward written by hand. */
    static final class Product extends Function {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return in[0].mul(in[1]);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor... g) {
            Tensor[] s = ctx.saved();
            return new Tensor[]{g[0].mul(s[1]), g[0].mul(s[0])};
        }
    }

    /** exp(x) with a backward that forgets the chain rule's factor: deliberately wrong. */
    static final class WrongExp extends Function {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            return in[0].exp();
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor... g) {
            return new Tensor[]{g[0]};
        }
    }

    /** Correct for the first input, off by a factor for the second. */
    static final class WrongSecondInput extends Function {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return in[0].mul(in[1]);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor... g) {
            Tensor[] s = ctx.saved();
            return new Tensor[]{g[0].mul(s[1]), g[0].mul(s[0]).mul(1.1f)};
        }
    }

    @Test
    void customFunction() {
        GradCheck.Report r = GradCheck.check(new Product(), rand(110, 2, 3), rand(111, 2, 3));
        assertTrue(r.passed(), r::toString);
        check(x -> new Product().apply(x[0].exp(), x[1]).sum(), rand(112, 3), rand(113, 3));
    }

    @Test
    void gradCheckFailsOnAWrongBackward() {
        GradCheck.Report r = GradCheck.check(new WrongExp(), rand(120, 2, 3));
        assertFalse(r.passed(), r::toString);
        assertTrue(r.toString().contains("FAILED"), r::toString);
        assertEquals(0, r.input());
        assertTrue(r.error() > 1e-2, r::toString);
    }

    @Test
    void gradCheckNamesTheInputWithTheWrongGradient() {
        GradCheck.Report r = GradCheck.check(new WrongSecondInput(), rand(121, 3), positive(122, 3));
        assertFalse(r.passed(), r::toString);
        assertEquals(1, r.input());
        assertEquals(1, r.index().length);
        // numeric is x0 * u, analytic 1.1 times that
        assertEquals(1.1, r.analytic() / r.numeric(), 1e-2);
    }

    @Test
    void gradCheckFailsOnAWrongLambda() {
        // detach drops the gradient of the second factor: analytic = y, true derivative = 2y
        GradCheck.Report r = GradCheck.check(x -> x[0].mul(x[0].detach()), rand(123, 4));
        assertFalse(r.passed(), r::toString);
    }

    @Test
    void gradCheckDoesNotTouchTheCallersTensors() {
        Tensor a = rand(124, 3);
        float[] before = a.toFloatArray();
        GradCheck.check(x -> x[0].exp(), a);
        assertEquals(null, a.grad());
        assertFalse(a.requiresGrad());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, a.toFloatArray());
    }
}

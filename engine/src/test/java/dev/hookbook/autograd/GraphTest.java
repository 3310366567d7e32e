package dev.hookbook.autograd;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The dynamic graph and backward(): values of gradients are derived by hand in each test. */
class GraphTest {

    private static Tensor leaf(float... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    @Test
    void simpleChainRule() {
        // d/dx sum(3x^2 + 2x) = 6x + 2
        Tensor x = leaf(1, -2, 0.5f);
        x.mul(x).mul(3f).add(x.mul(2f)).sum().backward();
        assertTensor(values(8, -10, 5), shape(3), x.grad(), 1e-6);
    }

    @Test
    void tensorUsedTwiceInOneOp() {
        Tensor x = leaf(3, -1);
        x.mul(x).sum().backward();
        assertTensor(values(6, -2), shape(2), x.grad());
        Tensor y = leaf(2);
        y.add(y).add(y).sum().backward();
        assertTensor(values(3), shape(1), y.grad());
    }

    @Test
    void sharedSubexpression() {
        // y = x^2 used by two consumers: z = y*y + y, dz/dx = (2y + 1) * 2x
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        y.mul(y).add(y).sum().backward();
        assertTensor(values(6, 36), shape(2), x.grad(), 1e-6);
    }

    @Test
    void diamond() {
        // a = 2x; out = exp(a) + tanh(a); d/dx = 2 exp(2x) + 2 (1 - tanh(2x)^2)
        Tensor x = leaf(0.1f, -0.3f);
        Tensor a = x.mul(2f);
        a.exp().add(a.tanh()).sum().backward();
        float[] expected = new float[2];
        float[] xs = {0.1f, -0.3f};
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(2 * xs[i]);
            expected[i] = (float) (2 * Math.exp(2 * xs[i]) + 2 * (1 - t * t));
        }
        assertTensor(expected, shape(2), x.grad(), 1e-6);
    }

    @Test
    void twoLeavesAndBroadcast() {
        // out = sum(w * x + b) with w [2, 3], x [3], b scalar
        Tensor w = Tensor.of(values(1, 2, 3, 4, 5, 6), 2, 3).requiresGrad(true);
        Tensor x = leaf(10, 20, 30);
        Tensor b = Tensor.scalar(0.5f).requiresGrad(true);
        w.mul(x).add(b).sum().backward();
        assertTensor(values(10, 20, 30, 10, 20, 30), shape(2, 3), w.grad());
        assertTensor(values(5, 7, 9), shape(3), x.grad());
        assertTensor(values(6), shape(), b.grad());
    }

    @Test
    void leafGradsAccumulateAcrossBackwardCalls() {
        Tensor x = leaf(1, 2);
        x.mul(3f).sum().backward();
        assertTensor(values(3, 3), shape(2), x.grad());
        x.mul(x).sum().backward();
        assertTensor(values(5, 7), shape(2), x.grad());
        x.setGrad(null);
        x.mul(-1f).sum().backward();
        assertTensor(values(-1, -1), shape(2), x.grad());
    }

    @Test
    void gradIsNotAliasedWithTheGradientThatFlowed() {
        // add passes one gradient tensor to both sides: each leaf must get its own copy
        Tensor a = leaf(1), b = leaf(2);
        a.add(b).sum().backward();
        a.grad().assign(Tensor.scalar(100));
        assertTensor(values(1), shape(1), b.grad());
    }

    @Test
    void nonLeafGradIsNullUnlessRetained() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3f);
        Tensor kept = x.mul(3f).retainGrad();
        y.pow(2).sum().backward();
        assertNull(y.grad());
        kept.pow(2).sum().backward();
        // d/dk sum(k^2) = 2k = 6x
        assertTensor(values(6, 12), shape(2), kept.grad());
        assertTensor(values(36, 72), shape(2), x.grad());
    }

    @Test
    void retainGradOnALeafIsHarmlessAndOnAConstantIsRefused() {
        Tensor x = leaf(1);
        assertSame(x, x.retainGrad());
        assertThrows(IllegalStateException.class, () -> Tensor.ones(1).retainGrad());
    }

    @Test
    void retainedGradIsOverwrittenNotAccumulatedOnTheNextBackward() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2f).retainGrad();
        Tensor z = y.mul(y).sum();
        z.backward(Tensor.scalar(1), true);
        assertTensor(values(4, 8), shape(2), y.grad());
        z.backward(Tensor.scalar(1), true);
        assertTensor(values(4, 8), shape(2), y.grad());
        // leaves accumulate: 2 * (2 * 2x * ... ) = 2 * 8x
        assertTensor(values(16, 32), shape(2), x.grad());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(2, 3);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        assertTrue(d.isLeaf());
        // z = x * stop(x): the gradient is stop(x), not 2x
        x.mul(d).sum().backward();
        assertTensor(values(2, 3), shape(2), x.grad());
        Tensor y = x.mul(2f).detach();
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
    }

    @Test
    void requiresGradPropagates() {
        Tensor a = Tensor.ones(2);
        Tensor b = Tensor.ones(2).requiresGrad(true);
        assertFalse(a.add(a).requiresGrad());
        assertNull(a.mul(a).gradFn());
        assertTrue(a.add(b).requiresGrad());
        assertTrue(b.add(a).requiresGrad());
        assertTrue(b.exp().sum().requiresGrad());
        assertFalse(b.add(b).isLeaf());
        assertTrue(b.isLeaf());
        // comparisons have no gradient
        assertFalse(b.eq(a).requiresGrad());
        assertFalse(b.argmax(0).requiresGrad());
        // a non-leaf cannot be switched off
        assertThrows(IllegalStateException.class, () -> b.mul(2f).requiresGrad(false));
    }

    @Test
    void constantOperandsGetNoGradient() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(values(5, 7), 2);
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertTensor(values(5, 7), shape(2), x.grad());
    }

    @Test
    void gradFnNames() {
        Tensor x = Tensor.of(values(1, 2, 3, 4, 5, 6), 2, 3).requiresGrad(true);
        Tensor v = leaf(1, 2, 3);
        assertNull(x.gradFn());
        assertEquals("AddBackward", x.add(x).gradFn());
        assertEquals("AddBackward", x.add(1f).gradFn());
        assertEquals("SubBackward", x.sub(x).gradFn());
        assertEquals("MulBackward", x.mul(2f).gradFn());
        assertEquals("DivBackward", x.div(x).gradFn());
        assertEquals("NegBackward", x.neg().gradFn());
        assertEquals("PowBackward", x.pow(2).gradFn());
        assertEquals("ExpBackward", x.exp().gradFn());
        assertEquals("LogBackward", x.log().gradFn());
        assertEquals("SqrtBackward", x.sqrt().gradFn());
        assertEquals("AbsBackward", x.abs().gradFn());
        assertEquals("TanhBackward", x.tanh().gradFn());
        assertEquals("SigmoidBackward", x.sigmoid().gradFn());
        assertEquals("ReluBackward", x.relu().gradFn());
        assertEquals("MmBackward", x.matmul(x.transpose(0, 1)).gradFn());
        assertEquals("SumBackward", x.sum().gradFn());
        assertEquals("SumBackward", x.sum(1, false).gradFn());
        assertEquals("MeanBackward", x.mean().gradFn());
        assertEquals("MeanBackward", x.mean(0, true).gradFn());
        assertEquals("MaxBackward", x.max(1).gradFn());
        assertEquals("SoftmaxBackward", x.softmax(1).gradFn());
        assertEquals("LogSoftmaxBackward", x.logSoftmax(1).gradFn());
        assertEquals("ViewBackward", x.view(6).gradFn());
        assertEquals("ViewBackward", x.reshape(3, 2).gradFn());
        assertEquals("TransposeBackward", x.transpose(0, 1).gradFn());
        assertEquals("PermuteBackward", x.permute(1, 0).gradFn());
        assertEquals("UnsqueezeBackward", x.unsqueeze(0).gradFn());
        assertEquals("SqueezeBackward", x.unsqueeze(0).squeeze(0).gradFn());
        assertEquals("ExpandBackward", v.expand(2, 3).gradFn());
        assertEquals("CloneBackward", x.transpose(0, 1).contiguous().gradFn());
        assertSame(x, x.contiguous());
    }

    @Test
    void maxSendsTheGradientToTheFirstMaximumOnly() {
        Tensor x = Tensor.of(values(1, 3, 3, 2, 5, 4), 2, 3).requiresGrad(true);
        x.max(1).mul(Tensor.of(values(10, 20), 2)).sum().backward();
        assertTensor(values(0, 10, 0, 0, 20, 0), shape(2, 3), x.grad());
    }

    @Test
    void viewsRouteGradientsBackToTheRightElements() {
        // y = x^T flattened: y[k] comes from x[k % 2][k / 2]
        Tensor x = Tensor.of(values(1, 2, 3, 4, 5, 6), 2, 3).requiresGrad(true);
        Tensor y = x.transpose(0, 1).reshape(6);
        y.mul(Tensor.of(values(1, 2, 3, 4, 5, 6), 6)).sum().backward();
        assertTensor(values(1, 3, 5, 2, 4, 6), shape(2, 3), x.grad());
        Tensor p = Tensor.of(values(1, 2, 3, 4, 5, 6), 1, 2, 3).requiresGrad(true);
        p.permute(2, 0, 1).unsqueeze(0).squeeze(0).mul(Tensor.of(values(1, 10, 100), 3, 1, 1)).sum().backward();
        assertTensor(values(1, 10, 100, 1, 10, 100), shape(1, 2, 3), p.grad());
    }

    @Test
    void softmaxGradientOfAOneHotUpstream() {
        // d softmax_i / d x_j = s_i (delta_ij - s_j); upstream picks i = 0
        float[] xs = {0.5f, -1f, 2f};
        Tensor x = Tensor.of(xs, 3).requiresGrad(true);
        x.softmax(0).backward(Tensor.of(values(1, 0, 0), 3));
        double z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
        double[] s = {Math.exp(0.5) / z, Math.exp(-1) / z, Math.exp(2) / z};
        assertTensor(values((float) (s[0] * (1 - s[0])), (float) (-s[0] * s[1]), (float) (-s[0] * s[2])), shape(3), x.grad(), 1e-6);
    }

    @Test
    void backwardOnNonScalarNeedsAGradient() {
        Tensor y = leaf(1, 2).mul(2f);
        assertMessage(IllegalStateException.class, y::backward, "backward()", "one element", "[2]");
    }

    @Test
    void backwardWithAnExplicitGradient() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).backward(Tensor.of(values(1, 0, -1), 3));
        assertTensor(values(2, 0, -6), shape(3), x.grad());
        Tensor y = leaf(1, 2);
        assertMessage(IllegalArgumentException.class, () -> y.mul(2f).backward(Tensor.ones(3)), "backward", "[2]", "[3]");
    }

    @Test
    void backwardOnAOneElementNonScalarTensorWorks() {
        Tensor x = Tensor.of(values(3), 1, 1).requiresGrad(true);
        x.mul(x).backward();
        assertTensor(values(6), shape(1, 1), x.grad());
    }

    @Test
    void backwardOnATensorWithoutHistoryIsRefused() {
        assertMessage(IllegalStateException.class, () -> Tensor.ones(1).sum().backward(), "backward()", "does not require grad");
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = leaf(1, 2);
        Tensor z = x.mul(x).sum();
        z.backward();
        IllegalStateException e = assertMessage(IllegalStateException.class, z::backward,
                "backward", "second time", "Backward", "backward(gradient, true)");
        assertNotNull(e);
        // the first gradient stays as it was
        assertTensor(values(2, 4), shape(2), x.grad());
    }

    @Test
    void secondBackwardThroughASharedFreedPartFails() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp();
        y.sum().backward();
        // a new root over the already freed exp node
        assertThrows(IllegalStateException.class, () -> y.mul(2f).sum().backward());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor z = x.mul(x).sum();
        z.backward(Tensor.scalar(1), true);
        z.backward(Tensor.scalar(1), true);
        assertTensor(values(4, 8), shape(2), x.grad());
        z.backward(Tensor.scalar(0.5f));
        assertTensor(values(5, 10), shape(2), x.grad());
        assertThrows(IllegalStateException.class, z::backward);
    }

    @Test
    void leafOnlyBackwardAccumulatesTheGradientItself() {
        Tensor x = leaf(1, 2);
        x.backward(Tensor.of(values(3, 4), 2));
        assertTensor(values(3, 4), shape(2), x.grad());
    }

    @Test
    void gradientsAreRecordedWithoutGraph() {
        Tensor x = leaf(1, 2);
        x.mul(x).sum().backward();
        assertFalse(x.grad().requiresGrad());
        assertNull(x.grad().gradFn());
    }

    @Test
    void eachNodeRunsOnceInReverseTopologicalOrder() {
        // a long chain where every intermediate also feeds the output: a walk that revisits
        // nodes would be exponential and give wrong (multiplied) gradients
        Tensor x = leaf(1);
        Tensor y = x;
        for (int i = 0; i < 30; i++) {
            y = y.add(y);
        }
        y.sum().backward();
        assertEquals((float) Math.pow(2, 30), x.grad().item());
        // u feeds eleven adds: its hook must see the summed gradient once
        int[] calls = {0};
        Tensor w = leaf(1);
        Tensor u = w.mul(1f);
        u.registerHook(g -> {
            calls[0]++;
            return null;
        });
        Tensor s = u;
        for (int i = 0; i < 10; i++) {
            s = s.add(u);
        }
        s.sum().backward();
        assertEquals(1, calls[0]);
        assertEquals(11f, w.grad().item());
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Tensor x = leaf(1);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1f);
        }
        y.sum().backward();
        assertEquals(1f, x.grad().item());
    }
}

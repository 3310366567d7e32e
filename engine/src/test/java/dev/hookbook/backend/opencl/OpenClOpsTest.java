package dev.hookbook.backend.opencl;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;


import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static dev.hookbook.backend.opencl.OpenClTestSupport.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Every public tensor op, forward and backward through autograd, on OpenCL against the CPU:
 * the same function runs on CPU leaves and on copies of them on the device, is backpropagated
 * from the same output gradient, and the outputs and every input gradient must agree.
 */
class OpenClOpsTest extends OpenClComparisonTest {
    /** Values in [0.5, 2.5): safe for log, sqrt, division and fractional powers. */
    private static Tensor positive(long seed, int... shape) {
        float[] v = randn(Shape.numel(shape), seed);
        for (int i = 0; i < v.length; i++) v[i] = 0.5f + Math.abs(v[i]) % 2f;
        return Tensor.of(v, shape);
    }

    @Test
    void arithmeticWithBroadcasting() {
        Tensor a = t(1, 2, 3, 4), b = t(2, 3, 1), s = t(3), nz = positive(4, 4);
        same((d, x) -> x[0].add(x[1]), a, b);
        same((d, x) -> x[0].sub(x[1]), a, b);
        same((d, x) -> x[0].mul(x[1]), a, b);
        same((d, x) -> x[0].div(x[1]), a, nz);
        same((d, x) -> x[0].mul(x[1]), a, s);
        same((d, x) -> x[0].add(2f).sub(1f).mul(3f).div(4f), a);
        same((d, x) -> x[0].transpose(0, 2).mul(x[1]), a, t(5, 4, 1, 1));
    }

    @Test
    void comparisonsHaveNoGradient() {
        Tensor a = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new float[]{1, 0, 3}, 3);
        same((d, x) -> x[0].eq(x[1]), a, b);
        same((d, x) -> x[0].gt(x[1]), a, b);
    }

    @Test
    void pointwiseFunctions() {
        Tensor a = t(6, 3, 5), p = positive(7, 3, 5);
        same((d, x) -> x[0].neg(), a);
        same((d, x) -> x[0].pow(2f), a);
        same((d, x) -> x[0].pow(3f), a);
        same((d, x) -> x[0].pow(-0.5f), p);
        same((d, x) -> x[0].pow(1.7f), p);
        same((d, x) -> x[0].exp(), a);
        same((d, x) -> x[0].log(), p);
        same((d, x) -> x[0].sqrt(), p);
        same((d, x) -> x[0].abs(), a);
        same((d, x) -> x[0].tanh(), a);
        same((d, x) -> x[0].sigmoid(), a);
        same((d, x) -> x[0].relu(), a);
        same((d, x) -> F.leakyRelu(x[0], 0.2f), a);
        same((d, x) -> x[0].transpose(0, 1).exp(), a);
    }

    @Test
    void matmulIn2dBatchedBroadcastAndVectorForms() {
        same(1e-4, (d, x) -> x[0].matmul(x[1]), t(8, 5, 7), t(9, 7, 3));
        same(1e-4, (d, x) -> x[0].matmul(x[1]), t(10, 4, 5, 7), t(11, 4, 7, 3));
        same(1e-4, (d, x) -> x[0].matmul(x[1]), t(12, 2, 1, 5, 7), t(13, 3, 7, 6));
        same(1e-4, (d, x) -> x[0].matmul(x[1]), t(14, 5, 7), t(15, 2, 7, 3));
        same(1e-4, (d, x) -> x[0].matmul(x[1]), t(16, 7), t(17, 7, 3));
        same(1e-4, (d, x) -> x[0].matmul(x[1]), t(18, 2, 5, 7), t(19, 7));
        same(1e-4, (d, x) -> x[0].matmul(x[1]), t(20, 7), t(21, 7));
        same(1e-4, (d, x) -> x[0].transpose(0, 1).matmul(x[1].transpose(0, 1)), t(22, 40, 33), t(23, 50, 40));
        same(1e-4, (d, x) -> F.linear(x[0], x[1], x[2]), t(24, 6, 10), t(25, 4, 10), t(26, 4));
    }

    @Test
    void reductions() {
        Tensor a = t(27, 3, 4, 5);
        same((d, x) -> x[0].sum(), a);
        same((d, x) -> x[0].mean(), a);
        for (int dim = -3; dim < 3; dim++) {
            int dd = dim;
            same((d, x) -> x[0].sum(dd, false), a);
            same((d, x) -> x[0].sum(dd, true), a);
            same((d, x) -> x[0].mean(dd, true), a);
            same((d, x) -> x[0].mean(dd, false), a);
            same((d, x) -> x[0].max(dd), a);
            same((d, x) -> x[0].max(dd, true), a);
            same((d, x) -> x[0].argmax(dd), a);
            same((d, x) -> x[0].softmax(dd), a);
            same((d, x) -> x[0].logSoftmax(dd), a);
        }
        same((d, x) -> x[0].permute(2, 0, 1).softmax(1), a);
        // ties: the gradient of max goes to the first maximum only, as the index does
        same((d, x) -> x[0].max(1), Tensor.of(new float[]{3, 3, 1, 0, 2, 2}, 2, 3));
        same((d, x) -> x[0].sum(), Tensor.scalar(4f));
        same((d, x) -> x[0].max(0), Tensor.scalar(4f));
    }

    @Test
    void viewsAndShapes() {
        Tensor a = t(28, 2, 3, 4);
        same((d, x) -> x[0].view(6, 4).mul(x[0].view(6, 4)), a);
        same((d, x) -> x[0].reshape(4, -1), a);
        same((d, x) -> x[0].transpose(0, 2).reshape(4, 6), a);
        same((d, x) -> x[0].flatten(1), a);
        same((d, x) -> x[0].flatten(), a);
        same((d, x) -> x[0].transpose(1, 2).contiguous(), a);
        same((d, x) -> x[0].permute(2, 0, 1).copy(), a);
        same((d, x) -> x[0].unsqueeze(1).squeeze(1).exp(), a);
        same((d, x) -> x[0].expand(2, 3, 4).mul(x[0].unsqueeze(0).expand(2, 3, 4)), t(29, 3, 4));
        same((d, x) -> x[0].permute(1, 2, 0).permute(2, 0, 1).mul(2f), a);
        same((d, x) -> x[0].detach().add(x[0]), a);
    }

    @Test
    void toDeviceIsDifferentiableBothWays() {
        Tensor c = t(30, 3, 4).requiresGrad(true);
        Tensor y = c.to(dev).exp().to(Device.CPU).sum();
        assertEquals("ToCopyBackward", c.to(dev).gradFn());
        y.backward();
        assertSame(Device.CPU, c.grad().device());
        assertSameValues(c.detach().exp(), on(dev, c.grad()), dev, TOL);
        Tensor o = on(dev, t(31, 2)).requiresGrad(true);
        o.to(Device.CPU).mul(3f).sum().backward();
        assertSame(dev, o.grad().device());
        assertSameValues(Tensor.full(3f, 2), o.grad(), dev, 0);
    }

    @Test
    void lossesWithTargetsOnTheDevice() {
        Tensor logits = t(32, 6, 5), target = Tensor.of(new float[]{0, 4, 2, 2, 1, 3}, 6);
        same((d, x) -> F.crossEntropy(x[0], target.to(d)), logits);
        same((d, x) -> F.nllLoss(x[0].logSoftmax(1), target.to(d)), logits);
        same((d, x) -> F.mseLoss(x[0], x[1]), t(33, 4, 3), t(34, 4, 3));
    }

    @Test
    void convolutionPoolingAndBatchNorm() {
        Tensor x = t(35, 2, 3, 9, 8), w = t(36, 4, 3, 3, 3), b = t(37, 4);
        same(1e-4, (d, a) -> F.conv2d(a[0], a[1], a[2]), x, w, b);
        same(1e-4, (d, a) -> F.conv2d(a[0], a[1], a[2], 2, 1), x, w, b);
        same(1e-4, (d, a) -> F.conv2d(a[0], a[1], null, 1, 2), x, w);
        same((d, a) -> F.maxPool2d(a[0], 2), x);
        same(1e-5, (d, a) -> F.maxPool2d(a[0], 3, 1), x);
        Tensor gamma = positive(38, 3), beta = t(39, 3);
        same(1e-4, (d, a) -> F.batchNorm(a[0], null, null, a[1], a[2], true, 0.1f, 1e-5f), x, gamma, beta);
        Tensor mean = t(40, 3), var = positive(41, 3);
        same(1e-4, (d, a) -> F.batchNorm(a[0], mean.to(d), var.to(d), a[1], a[2], false, 0.1f, 1e-5f), x, gamma, beta);
        same(1e-4, (d, a) -> F.batchNorm(a[0], null, null, a[1], a[2], true, 0.1f, 1e-5f), t(42, 8, 3), gamma, beta);
    }

    @Test
    void batchNormUpdatesRunningStatsOnTheDevice() {
        Tensor x = t(43, 4, 3, 5);
        Tensor mc = Tensor.zeros(3), vc = Tensor.ones(3);
        Tensor mo = on(dev, mc), vo = on(dev, vc);
        F.batchNorm(x, mc, vc, null, null, true, 0.1f, 1e-5f);
        F.batchNorm(on(dev, x), mo, vo, null, null, true, 0.1f, 1e-5f);
        assertSameValues(mc, mo, dev, TOL);
        assertSameValues(vc, vo, dev, TOL);
    }

    @Test
    void dropoutDrawsTheSameMaskAndIsIdentityInEval() {
        Tensor x = t(44, 6, 7);
        same((d, a) -> F.dropout(a[0], 0.5f, false), x);
        same((d, a) -> {
            Hookbook.manualSeed(5); // the mask comes from the global generator on both devices
            return F.dropout(a[0], 0.3f, true);
        }, x);
    }
}

package dev.hookbook.backend.opencl;

import static dev.hookbook.backend.opencl.OpenClTestSupport.randn;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives on the OpenCL device against the CPU: for each op, its first gradients
 * taken with createGraph (the ops whose plain backward is a fused kernel among them) give the
 * same values on both devices, and so do the gradients of those gradients.
 */
class OpenClHigherOrderTest extends OpenClComparisonTest {
    /** Second derivatives add up more rounding than first ones. */
    private static final double SECOND_ORDER_TOL = 1e-4;

    /** The first gradients of sum(f(x) * u) by every input, flattened and joined: what the comparison then differentiates again. */
    private static BiFunction<Device, Tensor[], Tensor> firstGradients(BiFunction<Device, Tensor[], Tensor> f) {
        return (d, x) -> {
            Tensor y = f.apply(d, x);
            Tensor u = Tensor.of(randn(Shape.numel(y.shape()), 7), y.shape()).to(d);
            List<Tensor> grads = Autograd.grad(List.of(y.mul(u).sum()), List.of(x), null, true, true, true);
            List<Tensor> flat = new ArrayList<>();
            for (Tensor g : grads) if (g != null) flat.add(g.reshape(-1));
            return Tensor.cat(0, flat.toArray(Tensor[]::new));
        };
    }

    private static void sameGradients(BiFunction<Device, Tensor[], Tensor> f, Tensor... inputs) {
        same(SECOND_ORDER_TOL, firstGradients(f), inputs);
    }

    @Test
    void pointwiseAndLinear() {
        sameGradients((d, x) -> F.linear(x[0], x[1], x[2]).gelu().tanh(), t(1, 3, 4), t(2, 5, 4), t(3, 5));
        sameGradients((d, x) -> F.leakyRelu(x[0].mul(x[1]), 0.2f).sigmoid().pow(2f), t(1, 2, 6), t(2, 2, 6));
        sameGradients((d, x) -> x[0].softmax(1).mul(x[0].logSoftmax(1)), t(1, 3, 5));
    }

    @Test
    void convolutionPoolingAndNorms() {
        sameGradients((d, x) -> F.conv2d(x[0], x[1], x[2], 2, 1).pow(2f), t(1, 2, 2, 6, 6), t(2, 3, 2, 3, 3), t(3, 3));
        sameGradients((d, x) -> F.maxPool2d(x[0], 2).pow(2f), t(1, 1, 2, 4, 4));
        sameGradients((d, x) -> F.batchNorm(x[0], null, null, x[1], x[2], true), t(1, 4, 3, 2, 2), t(2, 3), t(3, 3));
        sameGradients((d, x) -> F.layerNorm(x[0], new int[]{5}, x[1], x[2], 1e-5f), t(1, 3, 5), t(2, 5), t(3, 5));
    }

    @Test
    void indexingAndReductions() {
        sameGradients((d, x) -> x[0].gather(1, Tensor.of(new float[]{1, 1, 0, 2}, 2, 2).to(d)).pow(2f), t(1, 2, 3));
        sameGradients((d, x) -> x[0].indexSelect(0, Tensor.of(new float[]{1, 1, 0}, 3).to(d)).pow(2f).var(1, false), t(1, 2, 4));
        sameGradients((d, x) -> Tensor.cat(1, x[0], x[0].exp()).split(2, 1).get(1).pow(2f), t(1, 2, 3));
    }
}

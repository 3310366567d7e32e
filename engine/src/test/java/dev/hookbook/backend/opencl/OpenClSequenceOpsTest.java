package dev.hookbook.backend.opencl;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.awkward;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The sequence ops (joining, indexing, where, triangles, var/std, erf/GELU, clamp, maximum,
 * top-k, multinomial) on the OpenCL device against the CPU: forward values and every input
 * gradient, from the same inputs and output gradient. Skips without a device, fails under CI=true.
 */
class OpenClSequenceOpsTest extends OpenClComparisonTest {
    @Test
    void joiningAndCutting() {
        Tensor a = t(1, 2, 3, 4), b = t(2, 2, 1, 4);
        same((d, x) -> Tensor.cat(1, x[0], x[1], x[0]), a, b);
        same((d, x) -> Tensor.cat(-1, x[0].transpose(1, 2), x[1].transpose(1, 2)), a, b);
        same((d, x) -> Tensor.stack(2, x[0], x[0].mul(2f)), a);
        same((d, x) -> x[0].split(3, -1).get(1).exp(), a);
        same((d, x) -> { // two pieces of one split node used, one not: its slice of the gradient is zeros
            var pieces = x[0].split(1, -1);
            return pieces.get(0).mul(pieces.get(3)).add(pieces.get(3));
        }, a);
        same((d, x) -> x[0].chunk(2, 1).get(1).mul(x[0].chunk(2, 1).get(0).narrow(1, 0, 1)), a);
        same((d, x) -> x[0].narrow(2, 1, 2).transpose(0, 2).contiguous(), a);
    }

    @Test
    void indexingGatherAndItsScatterAddGradient() {
        Tensor a = t(3, 4, 5);
        Tensor ids = Tensor.of(new float[]{3, 0, 3, 3, 1, 2}, 6);
        same((d, x) -> x[0].indexSelect(0, ids.to(d)), a);
        same((d, x) -> x[0].indexSelect(1, ids.narrow(0, 0, 4).to(d)), a);
        same((d, x) -> x[0].transpose(0, 1).indexSelect(1, ids.to(d)), a);
        Tensor where = Tensor.of(new float[]{4, 4, 0, 1, 2, 4, 4, 4}, 4, 2);
        same((d, x) -> x[0].gather(1, where.to(d)), a);
        same((d, x) -> x[0].gather(0, Tensor.of(new float[]{3, 3, 3, 0, 1}, 1, 5).to(d)), a);
        // many values land on the same element: the device adds them in the CPU's order
        Tensor big = t(4, 64, 33);
        Tensor many = Tensor.of(new float[200], 200);
        same(0, (d, x) -> x[0].indexSelect(0, many.to(d)), big);
    }

    @Test
    void whereMaskedFillAndTriangles() {
        Tensor cond = Tensor.of(new float[]{1, 0, 0, 1, 1, 0}, 2, 3, 1);
        same((d, x) -> Tensor.where(cond.to(d), x[0], x[1]), t(5, 2, 3, 4), t(6, 4));
        same((d, x) -> x[0].maskedFill(Tensor.ones(4, 4).sub(Tensor.tril(4)).to(d), -1e9f).softmax(-1), t(7, 3, 4, 4));
        same((d, x) -> x[0].tril().add(x[0].triu()), t(8, 2, 3, 5));
        same((d, x) -> Tensor.where(x[0].gt(x[0].constant(0f)), x[0], x[0].constant(0f)), t(9, 3, 3));
    }

    @Test
    void statisticsAndPointwiseFunctions() {
        Tensor a = t(10, 3, 4, 5);
        for (int dim = -3; dim < 3; dim++) {
            int dd = dim;
            same((d, x) -> x[0].var(dd, false), a);
            same((d, x) -> x[0].std(dd, true), a);
        }
        Tensor wide = t(11, 6, 50).mul(3f);
        // OpenCL's erf and erfc are allowed a few ulps, and the CPU's is correctly rounded
        same(1e-6, (d, x) -> x[0].erf(), wide);
        same(1e-6, (d, x) -> x[0].gelu(), wide);
        same(1e-6, (d, x) -> F.gelu(x[0].transpose(0, 1)), wide);
        same((d, x) -> x[0].clamp(-0.3f, 0.8f), wide);
        same((d, x) -> x[0].maximum(x[1]), t(12, 3, 1, 5), t(13, 4, 5));
        Tensor ties = Tensor.of(new float[]{1, 2, 2, 0, -1, 3}, 2, 3), other = Tensor.of(new float[]{1, 1, 2}, 3);
        same((d, x) -> x[0].maximum(x[1]), ties, other);
        // NaN, the infinities and signed zeros behave alike on both devices
        Tensor odd = Tensor.of(awkward(40, 14), 40), odd2 = Tensor.of(awkward(40, 16), 40);
        Tensor[] cpu = {odd.erf(), odd.gelu(), odd.clamp(-1, 1), odd.maximum(odd2)};
        Tensor[] ocl = {on(dev, odd).erf(), on(dev, odd).gelu(), on(dev, odd).clamp(-1, 1), on(dev, odd).maximum(on(dev, odd2))};
        for (int i = 0; i < cpu.length; i++) assertSameValues(cpu[i], ocl[i], dev, 1e-6);
    }

    @Test
    void topkAndMultinomial() {
        Tensor a = t(15, 3, 7, 4);
        same((d, x) -> x[0].topk(3, 1), a);
        same((d, x) -> x[0].topk(4, -1).exp(), a);
        same((d, x) -> x[0].topkIndices(7, 1), a);
        Tensor ties = Tensor.of(new float[]{1, 3, 3, Float.NaN, 2, 3}, 6);
        assertSameValues(ties.topkIndices(6, 0), on(dev, ties).topkIndices(6, 0), dev, 0);
        assertMessage(IllegalArgumentException.class, () -> on(dev, a).topk(8, 1), "topk", "k 8", "size 7");
        Tensor probs = Tensor.rand(5, 9);
        Hookbook.manualSeed(21);
        Tensor sc = probs.multinomial(4);
        Hookbook.manualSeed(21);
        Tensor so = on(dev, probs).multinomial(4);
        assertSameValues(sc, so, dev, 0);
    }

    @Test
    void topkAndGatherOnZeroDimTensors() {
        Tensor s = Tensor.scalar(0.8f), v = t(16, 5);
        same((d, x) -> x[0].topk(1, 0).exp(), s);
        same((d, x) -> x[0].topk(0, -1), s);
        same((d, x) -> x[0].topkIndices(1, 0), s);
        same((d, x) -> x[0].gather(0, on(d, Tensor.scalar(0f))), s);
        same((d, x) -> x[0].gather(-1, on(d, Tensor.zeros(3))), s);
        same((d, x) -> x[0].gather(0, on(d, Tensor.scalar(3f))).mul(x[0].sum()), v);
        assertArrayEquals(new int[]{}, on(dev, v).gather(0, on(dev, Tensor.scalar(3f))).shape());
        assertMessage(IllegalArgumentException.class, () -> on(dev, s).topk(2, 0), "topk", "k 2", "size 1");
    }

    @Test
    void operandsOnTwoDevicesAreRefused() {
        Tensor c = Tensor.zeros(2, 3), o = on(dev, c);
        assertMessage(IllegalArgumentException.class, () -> Tensor.cat(0, c, o), "cat", "different devices");
        assertMessage(IllegalArgumentException.class, () -> o.indexSelect(0, Tensor.zeros(1)), "indexSelect", "different devices");
        assertMessage(IllegalArgumentException.class, () -> Tensor.where(c, o, o), "where", "different devices");
        assertArrayEquals(new int[]{2, 3}, Tensor.where(o, o, o).shape());
    }
}

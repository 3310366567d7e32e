package dev.hookbook.backend.opencl;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;

import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * interpolate, scatter, scatterAdd, indexPut and clone on the OpenCL device against the CPU:
 * forward values and every input gradient, from the same inputs and output gradient. Where
 * values collide (scatter's duplicates, scatter-add sums) both devices agree exactly. Skips
 * without a device, fails under CI=true.
 */
class OpenClRecipeOpsTest extends OpenClComparisonTest {
    @Test
    void interpolate() {
        Tensor a = t(1, 2, 3, 5, 6);
        same((d, x) -> F.interpolate(x[0], new int[]{9, 13}, "nearest"), a);
        same((d, x) -> F.interpolate(x[0], new int[]{3, 4}, "nearest"), a);
        same((d, x) -> F.interpolate(x[0], new float[]{1.5f, 0.5f}, "nearest").exp(), a);
        same((d, x) -> F.interpolate(x[0], new int[]{9, 13}, "bilinear", false), a);
        same((d, x) -> F.interpolate(x[0], new int[]{9, 13}, "bilinear", true), a);
        same((d, x) -> F.interpolate(x[0].transpose(2, 3), new int[]{2, 4}, "bilinear", false), a);
        same((d, x) -> F.interpolate(x[0], new float[]{1.7f, 2.3f}, "bilinear", true).tanh(), a);
        same((d, x) -> F.interpolate(x[0], new int[]{11}, "linear", false), t(2, 2, 3, 4));
        same((d, x) -> F.interpolate(x[0], new int[]{11}, "nearest"), t(3, 2, 3, 4));
        // a large downsampling: many gradients land on one input element, added in the CPU's order
        same(0, (d, x) -> F.interpolate(x[0], new int[]{40, 3}, "nearest"), t(4, 1, 1, 40, 64));
    }

    @Test
    void scatterAndScatterAdd() {
        Tensor a = t(5, 4, 5), src = t(6, 5, 6);
        Tensor dups = Tensor.of(new float[]{1, 1, 3, 0, 2, 1, 1, 3, 0, 0, 3, 3, 1, 2, 2, 0, 0, 0, 0, 0}, 4, 5);
        // duplicates along dim: the later value stays on both devices
        same(0, (d, x) -> x[0].scatter(0, dups.to(d), x[1]), a, src);
        same(0, (d, x) -> x[0].scatter(1, dups.narrow(1, 0, 3).to(d), 7f), t(7, 4, 5));
        same(0, (d, x) -> x[0].transpose(0, 1).scatter(1, dups.transpose(0, 1).to(d), x[1].transpose(0, 1)), a, src);
        same((d, x) -> x[0].scatterAdd(0, dups.to(d), x[1]).exp(), a, src);
        same((d, x) -> x[0].scatterAdd(1, dups.to(d), x[1]), a, src);
        Tensor many = Tensor.of(new float[300 * 3], 300, 3);
        same(0, (d, x) -> x[0].scatterAdd(0, many.to(d), x[1]), t(8, 2, 3), t(9, 300, 3));
    }

    @Test
    void indexPutAndClone() {
        Tensor a = t(10, 5, 3, 2);
        Tensor rows = Tensor.of(new float[]{4, 0, -2}, 3), cols = Tensor.of(new float[]{1, 2, 0}, 3, 1);
        same((d, x) -> x[0].indexPut(new Tensor[]{rows.to(d)}, x[1]), a, t(11, 3, 3, 2));
        same((d, x) -> x[0].indexPut(new Tensor[]{rows.to(d), cols.to(d)}, x[1], true), a, t(12, 2));
        same((d, x) -> x[0].indexPut(new Tensor[]{rows.to(d), cols.to(d)}, x[1], false), a, t(13, 3, 3, 1));
        Tensor mask = Tensor.of(new float[]{1, 0, 1, 1, 0}, 5);
        same((d, x) -> x[0].indexPut(mask.to(d), x[1]), a, t(14, 3, 2));
        same((d, x) -> x[0].transpose(0, 2).clone().mul(x[0].transpose(0, 2)), a);
        Tensor c = on(dev, a);
        assertSameValues(a.clone(), c.clone(), dev, 0);
    }
}

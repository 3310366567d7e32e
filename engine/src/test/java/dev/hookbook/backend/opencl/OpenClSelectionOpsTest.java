package dev.hookbook.backend.opencl;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.awkward;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static dev.hookbook.tensor.TensorAsserts.assertMessage;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.ValuesAndIndices;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Selection and order statistics (max()/min(), min(dim), max/min with indices, argmin,
 * comparisons, kthvalue, median, quantile) on the OpenCL device against the CPU: values, indices
 * and every input gradient, from the same inputs and output gradient; and the k-th smallest
 * kernel on NaN, infinities, signed zeros and ties, where both devices pick the same element.
 * Skips without a device, fails under CI=true.
 */
class OpenClSelectionOpsTest extends OpenClComparisonTest {
    /** Values and indices alike on both devices, exactly. */
    private static void sameSelection(Function<Tensor, ValuesAndIndices> f, Tensor x) {
        ValuesAndIndices c = f.apply(x), o = f.apply(on(dev, x));
        assertSameValues(c.values(), o.values(), dev, 0);
        assertSameValues(c.indices(), o.indices(), dev, 0);
    }

    @Test
    void maxAndMinOfAllElementsAndAlongADim() {
        Tensor a = t(1, 3, 4, 5);
        same((d, x) -> x[0].max(), a);
        same((d, x) -> x[0].min().mul(x[0].max()), a);
        same((d, x) -> x[0].transpose(0, 2).max(), a);
        for (int dim = -3; dim < 3; dim++) {
            int dd = dim;
            same((d, x) -> x[0].min(dd), a);
            same((d, x) -> x[0].maxWithIndices(dd, true).values().exp(), a);
            same((d, x) -> x[0].minWithIndices(dd, false).values(), a);
            same((d, x) -> x[0].argmin(dd), a);
            sameSelection(x -> x.maxWithIndices(dd, false), a);
            sameSelection(x -> x.minWithIndices(dd, true), a);
        }
        // ties share the gradient of max() evenly, and along a dim the first one takes it
        Tensor ties = Tensor.of(new float[]{1, 3, 3, -2, 2, 3, -2, -2, 3, -2, 1, 0.5f}, 3, 4);
        same((d, x) -> x[0].max(), ties);
        same((d, x) -> x[0].min(), ties);
        same((d, x) -> x[0].maxWithIndices(0, false).values(), ties);
        same((d, x) -> x[0].minWithIndices(1, false).values(), ties);
        same((d, x) -> x[0].max(), Tensor.scalar(0.5f));
    }

    @Test
    void comparisons() {
        Tensor a = Tensor.of(awkward(24, 2), 4, 6), b = Tensor.of(awkward(6, 3), 6);
        same((d, x) -> x[0].gt(1f).add(x[0].ge(1f).mul(2f)).add(x[0].lt(-1f).mul(4f)).add(x[0].le(0f).mul(8f))
                .add(x[0].eq(2f).mul(16f)).add(x[0].ne(0f).mul(32f)), a);
        same((d, x) -> x[0].ge(x[1]).add(x[0].lt(x[1]).mul(2f)).add(x[0].le(x[1]).mul(4f)).add(x[0].ne(x[1]).mul(8f)), a, b);
        same((d, x) -> x[0].mul(x[0].gt(0.3f)), t(4, 3, 5));
    }

    @Test
    void kthvalueMedianAndQuantile() {
        Tensor a = t(5, 3, 7, 4);
        for (int dim = -3; dim < 3; dim++) {
            int dd = dim;
            int size = a.size(dim);
            same((d, x) -> x[0].kthvalue(size / 2 + 1, dd, false), a);
            same((d, x) -> x[0].median(dd, true).exp(), a);
            same((d, x) -> x[0].quantile(0.3f, dd, false), a);
            same((d, x) -> x[0].quantile(0.8f, dd, true), a);
            for (int k = 1; k <= size; k++) {
                int kk = k;
                sameSelection(x -> x.kthvalueWithIndices(kk, dd, true), a);
            }
        }
        same((d, x) -> x[0].median(), a);
        same((d, x) -> x[0].quantile(0.65f), a);
        same((d, x) -> x[0].quantile(Tensor.of(new float[]{0.1f, 0.5f, 0.95f}, 3).to(d), 1, false), a);
        same((d, x) -> x[0].transpose(0, 1).quantile(0.4f, 0, false), a);
        same((d, x) -> x[0].kthvalue(1, 0, false), Tensor.scalar(-0.5f));
    }

    @Test
    void theKthSmallestIsTheSameElementOnBothDevices() {
        // NaN last, -inf first, -0 and 0 equal, ties to the lower index: a total order
        Tensor odd = Tensor.of(awkward(120, 7), 8, 15);
        for (int dim = 0; dim < 2; dim++) {
            for (int k = 1; k <= odd.size(dim); k++) {
                int kk = k, dd = dim;
                sameSelection(x -> x.kthvalueWithIndices(kk, dd, false), odd);
            }
            int dd = dim;
            sameSelection(x -> x.medianWithIndices(dd, false), odd);
            sameSelection(x -> x.maxWithIndices(dd, false), odd);
            sameSelection(x -> x.minWithIndices(dd, false), odd);
            assertSameValues(odd.quantile(0.3f, dim, false), on(dev, odd).quantile(0.3f, dim, false), dev, 0);
        }
        Tensor ints = Tensor.of(new float[]{2, 1, 2, 0, 1, 2, 2, 0, 1}, 9);
        for (int k = 1; k <= 9; k++) {
            int kk = k;
            sameSelection(x -> x.kthvalueWithIndices(kk, -1, false), ints);
        }
        Tensor line = t(8, 300); // a long line: the CPU sorts it, the device ranks every element
        sameSelection(x -> x.kthvalueWithIndices(123, -1, false), line);
        sameSelection(x -> x.medianWithIndices(0, false), line);
        assertMessage(IllegalArgumentException.class, () -> on(dev, ints).kthvalue(10), "kthvalue", "k 10", "size 9");
    }
}

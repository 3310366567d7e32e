package dev.hookbook.ops;

import static dev.hookbook.autograd.GradCheckAsserts.check;
import static dev.hookbook.autograd.GradCheckAsserts.distinctShifted;

import dev.hookbook.autograd.GradCheck;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Finite differences ({@link GradCheck}) for max()/min() over all elements, min(dim), max/min
 * with indices, kthvalue, median and quantile, on inputs without ties: distinct values 0.37
 * apart, so the finite-difference step never changes which element is picked.
 */
class SelectionGradCheckTest {

    private static Tensor distinct(long seed, int... shape) {
        return distinctShifted(seed, 0.05f, shape);
    }

    @Test
    void maxAndMinOfAllElements() {
        check(x -> x[0].max(), distinct(1, 3, 4));
        check(x -> x[0].min().mul(x[0].max()), distinct(2, 2, 3, 2));
        check(x -> x[0].sub(x[0].min()).div(x[0].max().sub(x[0].min())), distinct(3, 2, 5));
        check(x -> x[0].max().exp(), Tensor.scalar(0.3f));
    }

    @Test
    void maxAndMinAlongADimWithIndices() {
        check(x -> x[0].min(1), distinct(4, 3, 5));
        check(x -> x[0].min(0, true).exp(), distinct(5, 4, 3));
        check(x -> x[0].maxWithIndices(-1, false).values(), distinct(6, 2, 3, 4));
        check(x -> x[0].maxWithIndices(1, true).values().mul(x[0]), distinct(7, 2, 3, 4));
        check(x -> x[0].minWithIndices(0, false).values(), distinct(8, 4, 3));
        check(x -> x[0].minWithIndices(0, true).values().tanh(), Tensor.scalar(-0.7f));
    }

    @Test
    void kthvalueAndMedian() {
        check(x -> x[0].kthvalue(2, 1, false), distinct(9, 3, 5));
        check(x -> x[0].kthvalue(3, 0, true).exp(), distinct(10, 4, 3));
        check(x -> x[0].kthvalue(4), distinct(11, 2, 3, 4));
        check(x -> x[0].kthvalue(1, 0, false), Tensor.scalar(1.5f));
        check(x -> x[0].median(), distinct(12, 3, 4));
        check(x -> x[0].median(1, false), distinct(13, 3, 5));
        check(x -> x[0].median(0, true), distinct(14, 4, 3));
    }

    @Test
    void quantiles() {
        check(x -> x[0].quantile(0.4f), distinct(15, 3, 4));
        check(x -> x[0].quantile(0.3f, 1, false), distinct(16, 3, 5));
        check(x -> x[0].quantile(0.9f, 1, true), distinct(17, 3, 5));
        check(x -> x[0].quantile(0.75f, 0, false).mul(x[0].quantile(0.25f, 0, false)), distinct(18, 5, 3));
        check(x -> x[0].quantile(1f, -1, false).add(x[0].quantile(0f, -1, false)), distinct(19, 2, 3, 4));
        check(x -> x[0].quantile(Tensor.of(new float[]{0.1f, 0.5f, 0.95f}, 3), 1, false), distinct(20, 3, 6));
        check(x -> x[0].quantile(Tensor.of(new float[]{0.2f, 0.7f}, 2)), distinct(21, 2, 5));
        check(x -> x[0].quantile(0.6f, 0, false), Tensor.scalar(0.8f));
    }
}

package dev.hookbook.ops;

import static dev.hookbook.autograd.GradCheckAsserts.check;
import static dev.hookbook.autograd.GradCheckAsserts.grad;
import static dev.hookbook.autograd.GradCheckAsserts.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookbook.autograd.GradCheck;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.TensorAsserts;
import org.junit.jupiter.api.Test;

/**
 * Finite differences ({@link GradCheck}) for interpolate, scatter, scatterAdd, indexPut and
 * clone, and for the op that interpolate's backward records (so that the gradient of a
 * gradient is right too). Index tensors do not require grad; the checked inputs do.
 */
class RecipeOpsGradCheckTest {

    @Test
    void interpolateNearest() {
        check(x -> F.interpolate(x[0], new int[]{5, 7}, "nearest"), randn(1, 1, 2, 3, 4));
        check(x -> F.interpolate(x[0], new int[]{2, 3}, "nearest").exp(), randn(2, 2, 1, 5, 7));
        check(x -> F.interpolate(x[0], new float[]{1.5f, 0.5f}, "nearest"), randn(3, 1, 2, 4, 6));
        check(x -> F.interpolate(x[0], new int[]{7}, "nearest"), randn(4, 2, 2, 3));
    }

    @Test
    void interpolateLinearAndBilinear() {
        for (boolean align : new boolean[]{false, true}) {
            check(x -> F.interpolate(x[0], new int[]{5, 7}, "bilinear", align), randn(5, 1, 2, 3, 4));
            check(x -> F.interpolate(x[0], new int[]{2, 3}, "bilinear", align).tanh(), randn(6, 2, 1, 5, 7));
            check(x -> F.interpolate(x[0], new float[]{1.7f, 2f}, "bilinear", align), randn(7, 1, 1, 4, 3));
            check(x -> F.interpolate(x[0], new int[]{9}, "linear", align), randn(8, 2, 2, 4));
        }
        check(x -> F.interpolate(x[0].transpose(2, 3), new int[]{6, 5}, "bilinear"), randn(9, 1, 2, 4, 3));
    }

    /**
     * The op interpolate's backward records is linear in the output gradient g, and its own
     * backward is interpolate again: finite differences in g check that rule, which a gradient
     * of a gradient runs. Its values are those of an ordinary backward.
     */
    @Test
    void theBackwardOfInterpolateIsDifferentiable() {
        Tensor x = randn(10, 1, 2, 3, 4);
        Object[][] settings = {{new int[]{5, 7}, Resampling.Mode.BILINEAR, false}, {new int[]{5, 7}, Resampling.Mode.BILINEAR, true},
                {new int[]{2, 3}, Resampling.Mode.BILINEAR, false}, {new int[]{5, 9}, Resampling.Mode.NEAREST, false}};
        for (Object[] s : settings) {
            int[] size = (int[]) s[0];
            Resampling.Mode mode = (Resampling.Mode) s[1];
            boolean align = (Boolean) s[2];
            Tensor g = randn(11, 1, 2, size[0], size[1]);
            check(gs -> Resampling.interpolateBackward(x, size, mode, align, gs[0]).exp(), g);

            Tensor leaf = x.detach().requiresGrad(true);
            Tensor out = mode == Resampling.Mode.NEAREST ? F.interpolate(leaf, size, "nearest") : F.interpolate(leaf, size, "bilinear", align);
            out.backward(g);
            TensorAsserts.assertValues(leaf.grad().toFloatArray(),
                    Resampling.interpolateBackward(x, size, mode, align, g).toFloatArray(), 0);
            assertEquals("UpsampleBilinear2dBackwardBackward".replace("Bilinear", mode == Resampling.Mode.NEAREST ? "Nearest" : "Bilinear"),
                    Resampling.interpolateBackward(x, size, mode, align, g.detach().requiresGrad(true)).gradFn());
        }
    }

    @Test
    void scatterAndScatterAdd() {
        Tensor idx = Tensor.of(new float[]{3, 0, 1, 2, 2, 0}, 2, 3);        // distinct along dim 0 in each column
        check(x -> x[0].scatter(0, idx, x[1]), grad(randn(12, 4, 3)), grad(randn(13, 2, 3)), idx);
        check(x -> x[0].scatter(0, idx, x[1]), grad(randn(14, 4, 5)), grad(randn(15, 3, 4)), idx); // src larger: zeros past the index
        check(x -> x[0].scatter(0, idx, 0.5f).exp(), grad(randn(16, 4, 3)), idx);
        Tensor dups = Tensor.of(new float[]{1, 1, 0, 1, 2, 1, 1, 0}, 4, 2);
        check(x -> x[0].scatterAdd(0, dups, x[1]).tanh(), grad(randn(17, 3, 2)), grad(randn(18, 4, 2)), dups);
        check(x -> x[0].scatterAdd(1, dups.transpose(0, 1), x[1]), grad(randn(19, 2, 3)), grad(randn(20, 3, 5)), dups);
    }

    @Test
    void indexPutAndClone() {
        Tensor rows = Tensor.of(new float[]{2, 0, -1}, 3);
        check(x -> x[0].indexPut(new Tensor[]{rows}, x[1]), grad(randn(21, 5, 3)), grad(randn(22, 3, 3)), rows);
        check(x -> x[0].indexPut(new Tensor[]{rows}, x[1]).exp(), grad(randn(23, 4, 2)), grad(randn(24, 2)), rows);
        Tensor dup = Tensor.of(new float[]{1, 3, 1}, 3), cols = Tensor.of(new float[]{0, 2, 0}, 3);
        check(x -> x[0].indexPut(new Tensor[]{dup, cols}, x[1], true), grad(randn(25, 4, 3)), grad(randn(26, 3)), dup, cols);
        Tensor mask = Tensor.of(new float[]{1, 0, 0, 1, 1, 0}, 2, 3);
        check(x -> x[0].indexPut(mask, x[1]).mul(x[0]), grad(randn(27, 2, 3)), grad(randn(28, 1)), mask);
        check(x -> x[0].clone().mul(x[0].transpose(0, 1).clone().transpose(0, 1)), randn(29, 3, 2));
    }
}

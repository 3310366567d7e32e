package dev.hookbook.ops;

import static dev.hookbook.autograd.GradCheckAsserts.check;
import static dev.hookbook.autograd.GradCheckAsserts.distinctShifted;
import static dev.hookbook.autograd.GradCheckAsserts.grad;
import static dev.hookbook.autograd.GradCheckAsserts.randn;

import dev.hookbook.autograd.GradCheck;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Finite differences ({@link GradCheck}) for every differentiable sequence op: joining and
 * cutting, indexing, where/maskedFill, triangles, var/std, erf/GELU, clamp, maximum and topk.
 * Index and condition tensors do not require grad; the checked input does.
 */
class SequenceOpsGradCheckTest {

    @Test
    void catAndStack() {
        check(x -> Tensor.cat(0, x[0], x[1]), randn(1, 2, 3), randn(2, 4, 3));
        check(x -> Tensor.cat(-1, x[0], x[1], x[0]).exp(), randn(3, 2, 3, 2), randn(4, 2, 3, 1));
        check(x -> Tensor.stack(1, x[0], x[1]).tanh(), randn(5, 3, 2), randn(6, 3, 2));
        check(x -> Tensor.stack(0, x[0].transpose(0, 1), x[1]), randn(7, 2, 3), randn(8, 3, 2));
    }

    @Test
    void splitChunkAndNarrow() {
        check(x -> x[0].split(2, 1).get(2).mul(3f), randn(9, 3, 5));
        check(x -> x[0].split(2, 0).get(0).mul(x[0].split(2, 0).get(1)), randn(10, 4, 3));
        check(x -> x[0].chunk(3, -1).get(1).exp(), randn(11, 2, 7));
        check(x -> x[0].narrow(1, 1, 2).matmul(x[1]), randn(12, 3, 4), randn(13, 2, 3));
        check(x -> x[0].transpose(0, 1).narrow(0, -2, 2), randn(14, 3, 4));
    }

    @Test
    void indexSelectAndGatherScatterTheirGradients() {
        Tensor ids = Tensor.of(new float[]{2, 0, 2, 3, 2}, 5);
        check(x -> x[0].indexSelect(0, ids), grad(randn(15, 4, 3)), ids);
        check(x -> x[0].indexSelect(2, ids).sum(1, false), grad(randn(16, 2, 3, 4)), ids);
        Tensor where = Tensor.of(new float[]{3, 3, 0, 1, 2, 2}, 3, 2);
        check(x -> x[0].gather(1, where), grad(randn(17, 3, 4)), where);
        check(x -> x[0].gather(0, where.narrow(1, 0, 1)), grad(randn(18, 4, 2)), where);
    }

    @Test
    void whereMaskedFillAndTriangles() {
        Tensor cond = Tensor.of(new float[]{1, 0, 0, 1, 1, 0}, 2, 3);
        check(x -> Tensor.where(cond, x[0], x[1]), grad(randn(19, 2, 3)), grad(randn(20, 3)), cond);
        check(x -> x[0].maskedFill(cond, -1e9f).softmax(-1), grad(randn(21, 4, 2, 3)), cond);
        check(x -> x[0].maskedFill(Tensor.ones(3, 3).sub(Tensor.tril(3)), -1e9f).softmax(-1), randn(22, 3, 3));
        check(x -> x[0].tril().exp(), randn(23, 3, 4));
        check(x -> x[0].triu().mul(x[0]), randn(24, 2, 3, 3));
    }

    @Test
    void varianceAndStandardDeviation() {
        check(x -> x[0].var(1, false), randn(25, 3, 5));
        check(x -> x[0].var(0, true), randn(26, 4, 3));
        check(x -> x[0].std(-1, false), randn(27, 2, 3, 4));
        check(x -> x[0].std(1, true), randn(28, 2, 3, 4));
    }

    @Test
    void erfAndGelu() {
        check(x -> x[0].erf(), randn(29, 3, 5).mul(2f));
        check(x -> x[0].gelu(), randn(30, 3, 5).mul(2.5f));
        check(x -> F.gelu(x[0].matmul(x[1])), randn(31, 2, 3), randn(32, 3, 4));
    }

    @Test
    void clampMaximumAndTopk() {
        check(x -> x[0].clamp(-0.5f, 0.6f), distinctShifted(33, 0.05f, 3, 5));
        check(x -> x[0].maximum(x[1]), distinctShifted(34, 0f, 3, 4), distinctShifted(35, 0.1f, 3, 4));
        check(x -> x[0].maximum(x[1]), distinctShifted(36, 0f, 3, 1), distinctShifted(37, 0.1f, 4));
        check(x -> x[0].topk(2, 1), distinctShifted(38, 0f, 3, 5));
        check(x -> x[0].topk(3, 0).exp(), distinctShifted(39, 0f, 4, 3));
    }

    @Test
    void topkAndGatherOnZeroDimTensors() {
        check(x -> x[0].topk(1, 0).exp(), Tensor.scalar(0.4f));
        check(x -> x[0].topk(0, -1).mul(x[0]), Tensor.scalar(-1.3f));
        check(x -> x[0].gather(0, Tensor.scalar(0f)).tanh(), Tensor.scalar(0.7f));
        check(x -> x[0].gather(-1, Tensor.zeros(3)).mul(Tensor.of(new float[]{1, 2, 3}, 3)), Tensor.scalar(0.7f));
        check(x -> x[0].gather(0, Tensor.scalar(2f)).mul(x[0].sum()), randn(40, 4));
    }
}

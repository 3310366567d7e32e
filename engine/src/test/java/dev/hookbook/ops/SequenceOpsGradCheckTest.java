package dev.hookbook.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.autograd.GradCheck;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.TensorAsserts;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Finite differences ({@link GradCheck}) for every differentiable sequence op: joining and
 * cutting, indexing, where/maskedFill, triangles, var/std, erf/GELU, clamp, maximum and topk.
 * Index and condition tensors do not require grad; the checked input does.
 */
class SequenceOpsGradCheckTest {

    private static Tensor rand(long seed, int... shape) {
        Random r = new Random(seed);
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    /** Distinct values 0.37 apart, shuffled: no ties and no kinks within the finite-difference step (topk, maximum, clamp). */
    private static Tensor distinct(long seed, float shift, int... shape) {
        int n = Shape.numel(shape);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (i - n / 2f) * 0.37f + shift;
        return TensorAsserts.shuffled(seed, d, shape);
    }

    private static Tensor grad(Tensor t) {
        return t.requiresGrad(true);
    }

    private static void check(GradCheck.Fn f, Tensor... inputs) {
        GradCheck.Report report = GradCheck.check(f, inputs);
        assertTrue(report.passed(), report::toString);
        assertTrue(report.input() >= 0, "no element was checked: " + report);
    }

    @Test
    void catAndStack() {
        check(x -> Tensor.cat(0, x[0], x[1]), rand(1, 2, 3), rand(2, 4, 3));
        check(x -> Tensor.cat(-1, x[0], x[1], x[0]).exp(), rand(3, 2, 3, 2), rand(4, 2, 3, 1));
        check(x -> Tensor.stack(1, x[0], x[1]).tanh(), rand(5, 3, 2), rand(6, 3, 2));
        check(x -> Tensor.stack(0, x[0].transpose(0, 1), x[1]), rand(7, 2, 3), rand(8, 3, 2));
    }

    @Test
    void splitChunkAndNarrow() {
        check(x -> x[0].split(2, 1).get(2).mul(3f), rand(9, 3, 5));
        check(x -> x[0].split(2, 0).get(0).mul(x[0].split(2, 0).get(1)), rand(10, 4, 3));
        check(x -> x[0].chunk(3, -1).get(1).exp(), rand(11, 2, 7));
        check(x -> x[0].narrow(1, 1, 2).matmul(x[1]), rand(12, 3, 4), rand(13, 2, 3));
        check(x -> x[0].transpose(0, 1).narrow(0, -2, 2), rand(14, 3, 4));
    }

    @Test
    void indexSelectAndGatherScatterTheirGradients() {
        Tensor ids = Tensor.of(new float[]{2, 0, 2, 3, 2}, 5);
        check(x -> x[0].indexSelect(0, ids), grad(rand(15, 4, 3)), ids);
        check(x -> x[0].indexSelect(2, ids).sum(1, false), grad(rand(16, 2, 3, 4)), ids);
        Tensor where = Tensor.of(new float[]{3, 3, 0, 1, 2, 2}, 3, 2);
        check(x -> x[0].gather(1, where), grad(rand(17, 3, 4)), where);
        check(x -> x[0].gather(0, where.narrow(1, 0, 1)), grad(rand(18, 4, 2)), where);
    }

    @Test
    void whereMaskedFillAndTriangles() {
        Tensor cond = Tensor.of(new float[]{1, 0, 0, 1, 1, 0}, 2, 3);
        check(x -> Tensor.where(cond, x[0], x[1]), grad(rand(19, 2, 3)), grad(rand(20, 3)), cond);
        check(x -> x[0].maskedFill(cond, -1e9f).softmax(-1), grad(rand(21, 4, 2, 3)), cond);
        check(x -> x[0].maskedFill(Tensor.ones(3, 3).sub(Tensor.tril(3)), -1e9f).softmax(-1), rand(22, 3, 3));
        check(x -> x[0].tril().exp(), rand(23, 3, 4));
        check(x -> x[0].triu().mul(x[0]), rand(24, 2, 3, 3));
    }

    @Test
    void varianceAndStandardDeviation() {
        check(x -> x[0].var(1, false), rand(25, 3, 5));
        check(x -> x[0].var(0, true), rand(26, 4, 3));
        check(x -> x[0].std(-1, false), rand(27, 2, 3, 4));
        check(x -> x[0].std(1, true), rand(28, 2, 3, 4));
    }

    @Test
    void erfAndGelu() {
        check(x -> x[0].erf(), rand(29, 3, 5).mul(2f));
        check(x -> x[0].gelu(), rand(30, 3, 5).mul(2.5f));
        check(x -> F.gelu(x[0].matmul(x[1])), rand(31, 2, 3), rand(32, 3, 4));
    }

    @Test
    void clampMaximumAndTopk() {
        check(x -> x[0].clamp(-0.5f, 0.6f), distinct(33, 0.05f, 3, 5));
        check(x -> x[0].maximum(x[1]), distinct(34, 0f, 3, 4), distinct(35, 0.1f, 3, 4));
        check(x -> x[0].maximum(x[1]), distinct(36, 0f, 3, 1), distinct(37, 0.1f, 4));
        check(x -> x[0].topk(2, 1), distinct(38, 0f, 3, 5));
        check(x -> x[0].topk(3, 0).exp(), distinct(39, 0f, 4, 3));
    }

    @Test
    void topkAndGatherOnZeroDimTensors() {
        check(x -> x[0].topk(1, 0).exp(), Tensor.scalar(0.4f));
        check(x -> x[0].topk(0, -1).mul(x[0]), Tensor.scalar(-1.3f));
        check(x -> x[0].gather(0, Tensor.scalar(0f)).tanh(), Tensor.scalar(0.7f));
        check(x -> x[0].gather(-1, Tensor.zeros(3)).mul(Tensor.of(new float[]{1, 2, 3}, 3)), Tensor.scalar(0.7f));
        check(x -> x[0].gather(0, Tensor.scalar(2f)).mul(x[0].sum()), rand(40, 4));
    }
}

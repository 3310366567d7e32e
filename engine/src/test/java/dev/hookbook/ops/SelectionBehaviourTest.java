package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.ValuesAndIndices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the golden cases cannot hold: NaN (PyTorch 1.13's values are written here), ties in
 * kthvalue, that comparisons record no graph, node names, shapes of 0-dim inputs, what the
 * backward rules save, and the messages for bad input.
 */
class SelectionBehaviourTest {
    private static final float NAN = Float.NaN;

    private static Tensor leaf(float[] v, int... shape) {
        return Tensor.of(v, shape).requiresGrad(true);
    }

    @Test
    void nanIsTheExtremeAndItsGradientIsSharedAmongTheNaNs() {
        // torch.tensor([1., nan, 3., nan]).max() is nan; backward gives [0, .5, 0, .5]
        Tensor x = leaf(new float[]{1, NAN, 3, NAN}, 4);
        Tensor m = x.max();
        assertTrue(Float.isNaN(m.item()));
        m.backward();
        assertTensor(new float[]{0, 0.5f, 0, 0.5f}, new int[]{4}, x.grad());
        assertTrue(Float.isNaN(Tensor.of(new float[]{1, NAN}, 2).min().item()));
        // min/max/argmin along a dim name the first NaN: indices [1, 0] for both rows below
        Tensor rows = Tensor.of(new float[]{1, NAN, 3, NAN, 0, NAN}, 2, 3);
        assertTensor(new float[]{1, 0}, new int[]{2}, rows.minWithIndices(1, false).indices());
        assertTensor(new float[]{1, 0}, new int[]{2}, rows.maxWithIndices(1, false).indices());
        assertTensor(new float[]{1, 0}, new int[]{2}, rows.argmin(1));
        assertTrue(Float.isNaN(rows.min(1).toFloatArray()[0]));
    }

    @Test
    void orderStatisticsPutNaNLast() {
        Tensor x = Tensor.of(new float[]{1, NAN, 3}, 3);
        // torch.tensor([1., nan, 3.]).kthvalue(2) is (3., 2); kthvalue(3) is (nan, 1)
        assertEquals(3f, x.kthvalue(2).item());
        assertEquals(2f, x.kthvalueWithIndices(2, -1, false).indices().item());
        assertTrue(Float.isNaN(x.kthvalue(3).item()));
        assertTrue(Float.isNaN(x.median().item()));
        // torch.median(dim) of [[1, nan, 3, nan]] is (nan, 1): the first NaN
        ValuesAndIndices med = Tensor.of(new float[]{1, NAN, 3, NAN}, 1, 4).medianWithIndices(1, false);
        assertTrue(Float.isNaN(med.values().item()));
        assertEquals(1f, med.indices().item());
    }

    @Test
    void quantileOfALineWithNaNIsNaNAndItsGradientGoesToTheNaN() {
        // PyTorch 1.13: quantile(0.5, 1) of [[1, nan, 3], [2, 0, 5]] is [nan, 2]; the gradient of
        // the sum is [[0, 1, 0], [1, 0, 0]]
        Tensor x = leaf(new float[]{1, NAN, 3, 2, 0, 5}, 2, 3);
        Tensor q = x.quantile(0.5f, 1, false);
        float[] v = q.toFloatArray();
        assertTrue(Float.isNaN(v[0]));
        assertEquals(2f, v[1]);
        q.sum().backward();
        assertTensor(new float[]{0, 1, 0, 1, 0, 0}, new int[]{2, 3}, x.grad());
    }

    @Test
    void kthvalueNamesTheLowerIndexAmongEqualValues() {
        // Sorted, [1, 3, 3, 2, 3] is 1, 2, 3 (index 1), 3 (index 2), 3 (index 4): the 4th is index 2.
        // PyTorch's CPU quickselect names index 1 here; any tied index is a right answer.
        ValuesAndIndices r = Tensor.of(new float[]{1, 3, 3, 2, 3}, 5).kthvalueWithIndices(4, -1, false);
        assertEquals(3f, r.values().item());
        assertEquals(2f, r.indices().item());
        // -0 and 0 are equal, so the index decides
        assertEquals(0f, Tensor.of(new float[]{0f, -0f}, 2).kthvalueWithIndices(1, -1, false).indices().item());
        assertEquals(0f, Tensor.of(new float[]{-0f, 0f}, 2).kthvalueWithIndices(1, -1, false).indices().item());
    }

    @Test
    void comparisonsGiveZerosAndOnesWithoutAGraph() {
        Tensor x = leaf(new float[]{1, NAN, 2, -1}, 4);
        Tensor[] results = {x.gt(1f), x.ge(1f), x.lt(1f), x.le(1f), x.eq(1f), x.ne(1f), x.ge(x), x.lt(x), x.le(x), x.ne(x)};
        float[][] expected = {{0, 0, 1, 0}, {1, 0, 1, 0}, {0, 0, 0, 1}, {1, 0, 0, 1}, {1, 0, 0, 0}, {0, 1, 1, 1},
                {1, 0, 1, 1}, {0, 0, 0, 0}, {1, 0, 1, 1}, {0, 1, 0, 0}};
        for (int i = 0; i < results.length; i++) {
            assertArrayEquals(expected[i], results[i].toFloatArray(), "comparison " + i);
            assertFalse(results[i].requiresGrad(), "comparison " + i + " requires grad");
            assertNull(results[i].gradFn());
        }
        assertArrayEquals(new int[]{2, 3, 4}, Tensor.zeros(3, 1).le(Tensor.zeros(2, 1, 4)).shape());
    }

    @Test
    void nodeNamesAndShapes() {
        Tensor x = leaf(new float[]{3, 1, 2, 5, 4, 0}, 2, 3);
        assertEquals("MaxBackward", x.max().gradFn());
        assertEquals("MinBackward", x.min().gradFn());
        assertEquals("MinBackward", x.min(1).gradFn());
        assertEquals("KthvalueBackward", x.kthvalue(2, 1, false).gradFn());
        assertEquals("MedianBackward", x.median().gradFn());
        assertEquals("MedianBackward", x.median(0, true).gradFn());
        assertEquals("QuantileBackward", x.quantile(0.3f).gradFn());
        assertFalse(x.maxWithIndices(1, false).indices().requiresGrad());
        assertArrayEquals(new int[]{}, x.max().shape());
        assertArrayEquals(new int[]{2, 1}, x.minWithIndices(1, true).indices().shape());
        assertArrayEquals(new int[]{3}, x.quantile(Tensor.of(new float[]{0.1f, 0.5f, 0.9f}, 3)).shape());
        assertArrayEquals(new int[]{2, 1, 3}, x.quantile(Tensor.of(new float[]{0.1f, 0.9f}, 2), 0, true).shape());
        assertArrayEquals(new int[]{2}, x.quantile(Tensor.scalar(0.5f), 1, false).shape());
        Tensor s = Tensor.scalar(2.5f);
        for (Tensor t : new Tensor[]{s.max(), s.min(0), s.argmin(0), s.kthvalue(1, 0, true), s.median(), s.quantile(0.5f),
                s.quantile(0.2f, 0, true), s.maxWithIndices(0, true).indices()}) {
            assertArrayEquals(new int[]{}, t.shape());
        }
        assertEquals(0f, s.argmin(0).item());
    }

    @Test
    void backwardRulesReadOnlyWhatTheySaved() {
        // What each op keeps goes through the saved-tensors hooks: dropping the tensors after
        // packing them as arrays still gives the same gradients.
        Tensor x = leaf(new float[]{3, 1, 2, 5, 4, 0, -1, 7}, 2, 4);
        List<int[]> packed = new ArrayList<>();
        Tensor loss;
        try (var hooks = Autograd.savedTensorsHooks(t -> {
            packed.add(t.shape());
            return new Object[]{t.toFloatArray(), t.shape()};
        }, o -> Tensor.of((float[]) ((Object[]) o)[0], (int[]) ((Object[]) o)[1]))) {
            loss = x.max().add(x.min(1).sum()).add(x.kthvalue(2, 1, false).sum())
                    .add(x.median()).add(x.quantile(0.4f, 1, false).sum());
        }
        // max(): x and the result; min(1): the indices; kthvalue: the indices; median(): x and
        // the result; quantile: the two indices (Add and Sum save nothing)
        assertEquals(8, packed.size());
        loss.backward();
        Tensor ref = leaf(x.toFloatArray(), 2, 4);
        ref.max().add(ref.min(1).sum()).add(ref.kthvalue(2, 1, false).sum())
                .add(ref.median()).add(ref.quantile(0.4f, 1, false).sum()).backward();
        assertArrayEquals(ref.grad().toFloatArray(), x.grad().toFloatArray());
    }

    @Test
    void badInputSaysWhatWasExpected() {
        Tensor x = Tensor.zeros(2, 3);
        assertMessage(IllegalArgumentException.class, () -> x.kthvalue(4, 1, false), "kthvalue", "k 4", "size 3", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> x.kthvalue(0), "kthvalue", "k 0", "1 <= k <= 3");
        assertMessage(IllegalArgumentException.class, () -> x.quantile(1.5f), "quantile", "[0, 1]", "1.5");
        assertMessage(IllegalArgumentException.class, () -> x.quantile(NAN, 0, false), "quantile", "NaN");
        assertMessage(IllegalArgumentException.class, () -> x.quantile(Tensor.zeros(2, 2)), "quantile", "1-D", "[2, 2]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).max(), "max()", "non-empty", "[0, 3]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).min(), "min()", "non-empty");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(3, 0).min(1), "min", "dim 1", "[3, 0]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(3, 0).median(), "median()", "[3, 0]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(3, 0).quantile(0.5f, 1, false), "quantile", "dim 1");
        assertMessage(IllegalArgumentException.class, () -> x.maxWithIndices(2, false), "max", "2");
        assertMessage(IllegalArgumentException.class, () -> x.ge(Tensor.zeros(4)), "ge", "[2, 3]", "[4]");
        assertMessage(IllegalArgumentException.class, () -> x.lt(Tensor.zeros(4)), "lt", "cannot be broadcast");
    }
}

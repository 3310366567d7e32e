package dev.hookbook.golden;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookbook.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * topk and gather on 0-dim tensors against PyTorch 1.13, which reads a 0-dim tensor as one
 * element along dim 0: fixture {@code golden/zero_dim_ops.json}, written by
 * {@code tools/golden/make_zero_dim_fixtures.py}. Each lambda is the fixture's {@code "expr"}.
 */
class ZeroDimOpsGoldenTest {
    private static final Map<String, Function<Tensor[], Tensor>> OPS = new LinkedHashMap<>();

    static {
        OPS.put("topk_0dim_k1", x -> x[0].topk(1, 0));
        OPS.put("topk_0dim_k0_neg_dim", x -> x[0].topk(0, -1));
        OPS.put("topk_0dim_then_exp", x -> x[0].topk(1, -1).exp());
        OPS.put("topk_indices_0dim", x -> x[0].topkIndices(1, 0));
        OPS.put("gather_0dim_input_0dim_index", x -> x[0].gather(0, x[1]));
        OPS.put("gather_0dim_input_1d_index", x -> x[0].gather(-1, x[1]));
        OPS.put("gather_1d_input_0dim_index", x -> x[0].gather(0, x[1]));
        OPS.put("gather_1d_input_0dim_index_neg_dim", x -> x[0].gather(-1, x[1]).mul(x[0].sum()));
    }

    @TestFactory
    List<DynamicTest> zeroDimOps() {
        return Golden.opCaseTests("zero_dim_ops.json", OPS);
    }

    @Test
    void theGradFnsAreTheOnesOfTheOtherShapes() {
        Tensor x = Tensor.scalar(3f).requiresGrad(true);
        assertEquals("TopkBackward", x.topk(1, 0).gradFn());
        assertEquals("GatherBackward", x.gather(0, Tensor.scalar(0f)).gradFn());
        assertArrayEquals(new int[]{}, x.topkIndices(0, -1).shape());
    }

    /** Where PyTorch refuses ("selected index k out of range", "Dimension out of range", ...), so do we, saying why. */
    @Test
    void whatPyTorchRefusesIsRefusedWithTheReason() {
        Tensor x = Tensor.scalar(3f);
        assertMessage(IllegalArgumentException.class, () -> x.topk(2, 0), "topk", "k 2", "size 1", "shape []", "0 <= k <= 1");
        assertMessage(IllegalArgumentException.class, () -> x.topk(-1, 0), "topk", "k -1", "0 <= k <= 1");
        assertMessage(IllegalArgumentException.class, () -> x.topk(1, 1), "topk", "dim 1", "[-1, 0]");
        assertMessage(IllegalArgumentException.class, () -> x.topk(1, -2), "topk", "dim -2", "[-1, 0]");
        assertMessage(IllegalArgumentException.class, () -> x.gather(0, Tensor.scalar(1f)),
                "gather", "index 1", "dim 0 of size 1", "input [], index []");
        assertMessage(IllegalArgumentException.class, () -> x.gather(1, Tensor.scalar(0f)), "gather", "dim 1", "[-1, 0]");
        assertMessage(IllegalArgumentException.class, () -> x.gather(0, Tensor.zeros(1, 1)),
                "gather", "0 or 1 dims", "input [], index [1, 1]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).gather(0, Tensor.scalar(0f)),
                "gather", "2 dims", "input [2, 3], index []");
    }
}

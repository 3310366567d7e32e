package dev.hookbook.golden;

import dev.hookbook.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The in-place forms of the element-wise ops against PyTorch 1.13's {@code add_}, {@code mul_},
 * {@code relu_}, {@code clamp_}, ...: values, and gradients through the history an in-place op gives its target.
 * Fixture {@code golden/inplace_ops.json}, written by {@code tools/golden/make_inplace_fixtures.py};
 * each lambda is the fixture's {@code "expr"} text.
 */
class InPlaceOpsGoldenTest {
    private static final Map<String, Function<Tensor[], Tensor>> OPS = new LinkedHashMap<>();

    static {
        OPS.put("add_mul_sub_chain", x -> x[0].mul(2f).addInPlace(x[1]).mulInPlace(x[2]).subInPlace(0.5f));
        OPS.put("broadcast_operands", x -> x[0].mul(1f).addInPlace(x[1]).divInPlace(x[2]));
        OPS.put("div_both_gradients", x -> x[0].add(1f).divInPlace(x[1]).mul(x[0]));
        OPS.put("relu_then_scalar", x -> x[0].mul(3f).reluInPlace().mul(x[1]).addInPlace(1f));
        OPS.put("mul_by_itself", x -> x[0].mul(1f).mulInPlace(x[0].mul(1f)));
        OPS.put("operand_without_grad", x -> x[0].exp().mul(1f).subInPlace(x[1]).mulInPlace(x[1]));
        OPS.put("target_without_grad", x -> x[1].mul(1f).addInPlace(x[0]).mulInPlace(x[0]));
        OPS.put("in_place_on_transposed_view", x -> x[0].mul(1f).transpose(0, 1).mulInPlace(x[1]).sum(0, false));
        OPS.put("fill_cuts_the_history", x -> x[0].mul(2f).fillInPlace(1.5f).mul(x[1]).add(x[0]));
        OPS.put("matmul_then_relu_in_place", x -> x[0].matmul(x[1]).reluInPlace().matmul(x[2]));
        OPS.put("exp_in_place", x -> x[0].mul(0.5f).expInPlace().mul(x[1]));
        OPS.put("tanh_in_place", x -> x[0].add(x[1]).tanhInPlace());
        OPS.put("sigmoid_in_place", x -> x[0].mul(2f).sigmoidInPlace().mul(x[0]));
        OPS.put("neg_in_place_then_more", x -> x[0].mul(x[1]).negInPlace().addInPlace(x[1]).expInPlace());
        OPS.put("clamp_in_place", x -> x[0].mul(1f).clampInPlace(-0.5f, 0.5f).mul(x[1]));
        OPS.put("clamp_in_place_ends_included", x -> x[0].mul(1f).clampInPlace(-1f, 1f));
    }

    @TestFactory
    List<DynamicTest> inPlaceOps() {
        return Golden.opCaseTests("inplace_ops.json", OPS);
    }
}

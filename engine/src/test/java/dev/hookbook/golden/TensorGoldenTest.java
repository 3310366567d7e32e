package dev.hookbook.golden;


import dev.hookbook.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares every Tensor op of the API against PyTorch 1.13 (fixture
 * {@code golden/tensor_ops.json}, written by {@code tools/golden/make_fixtures.py}).
 *
 * <p>Each case gives inputs, the expression's value and, for differentiable cases, the gradient
 * of {@code sum(output * upstream)} with respect to each input that requires grad. The lambdas
 * below are the same expressions as the fixture's {@code "expr"} field, over the inputs
 * {@code x[0], x[1], ...}. A fixture case without a lambda fails, and so does a lambda without a
 * fixture case.
 */
class TensorGoldenTest {
    private static final Map<String, Function<Tensor[], Tensor>> OPS = new LinkedHashMap<>();

    private static void op(String name, Function<Tensor[], Tensor> f) {
        if (OPS.put(name, f) != null) {
            throw new IllegalStateException("duplicate op " + name);
        }
    }

    static {
        op("add_same", x -> x[0].add(x[1]));
        op("add_bcast_3x1_4", x -> x[0].add(x[1]));
        op("add_bcast_234_4", x -> x[0].add(x[1]));
        op("add_bcast_0d", x -> x[0].add(x[1]));
        op("add_scalar", x -> x[0].add(2.5f));
        op("sub_same", x -> x[0].sub(x[1]));
        op("sub_bcast_234_31", x -> x[0].sub(x[1]));
        op("sub_bcast_4_31", x -> x[0].sub(x[1]));
        op("mul_same", x -> x[0].mul(x[1]));
        op("mul_bcast_234_31", x -> x[0].mul(x[1]));
        op("mul_bcast_214_31", x -> x[0].mul(x[1]));
        op("mul_bcast_1", x -> x[0].mul(x[1]));
        op("mul_scalar", x -> x[0].mul(-1.5f));
        op("mul_no_grad_operand", x -> x[0].mul(x[1]));
        op("div_same", x -> x[0].div(x[1]));
        op("div_bcast_34_4", x -> x[0].div(x[1]));
        op("div_bcast_234_211", x -> x[0].div(x[1]));
        op("div_bcast_numerator", x -> x[0].div(x[1]));
        op("neg", x -> x[0].neg());
        op("pow_2", x -> x[0].pow(2f));
        op("pow_3_negative_base", x -> x[0].pow(3f));
        op("pow_0.5", x -> x[0].pow(0.5f));
        op("pow_-1", x -> x[0].pow(-1f));
        op("pow_1.5", x -> x[0].pow(1.5f));
        op("exp", x -> x[0].exp());
        op("log", x -> x[0].log());
        op("sqrt", x -> x[0].sqrt());
        op("abs", x -> x[0].abs());
        op("tanh", x -> x[0].tanh());
        op("sigmoid", x -> x[0].sigmoid());
        op("relu", x -> x[0].relu());
        op("matmul_2d", x -> x[0].matmul(x[1]));
        op("matmul_batched", x -> x[0].matmul(x[1]));
        op("matmul_bcast_batch_right_2d", x -> x[0].matmul(x[1]));
        op("matmul_bcast_batch_left_2d", x -> x[0].matmul(x[1]));
        op("matmul_bcast_batch_dims", x -> x[0].matmul(x[1]));
        op("sum_all", x -> x[0].sum());
        op("sum_all_3d", x -> x[0].sum());
        op("sum_dim0", x -> x[0].sum(0, false));
        op("sum_dim1_keep", x -> x[0].sum(1, true));
        op("sum_dim1_3d", x -> x[0].sum(1, false));
        op("sum_dim0_3d_keep", x -> x[0].sum(0, true));
        op("sum_neg_dim", x -> x[0].sum(-1, false));
        op("sum_neg_dim_keep", x -> x[0].sum(-2, true));
        op("mean_all", x -> x[0].mean());
        op("mean_all_3d", x -> x[0].mean());
        op("mean_dim0", x -> x[0].mean(0, false));
        op("mean_dim1_keep", x -> x[0].mean(1, true));
        op("mean_neg_dim", x -> x[0].mean(-1, false));
        op("mean_neg_dim_keep", x -> x[0].mean(-3, true));
        op("max_dim1", x -> x[0].max(1));
        op("max_dim0", x -> x[0].max(0));
        op("max_dim1_3d", x -> x[0].max(1));
        op("max_neg_dim", x -> x[0].max(-1));
        op("softmax_dim1", x -> x[0].softmax(1));
        op("softmax_dim0", x -> x[0].softmax(0));
        op("softmax_mid_dim", x -> x[0].softmax(1));
        op("softmax_neg_dim", x -> x[0].softmax(-1));
        op("softmax_large_logits", x -> x[0].softmax(1));
        op("log_softmax_dim1", x -> x[0].logSoftmax(1));
        op("log_softmax_dim0_3d", x -> x[0].logSoftmax(0));
        op("log_softmax_neg_dim", x -> x[0].logSoftmax(-1));
        op("log_softmax_large_logits", x -> x[0].logSoftmax(-1));
        op("reshape", x -> x[0].reshape(6, 4));
        op("reshape_infer", x -> x[0].reshape(-1, 2));
        op("reshape_to_3d", x -> x[0].reshape(2, 2, 3));
        op("view", x -> x[0].view(4, 6));
        op("view_infer", x -> x[0].view(3, -1));
        op("flatten_0", x -> x[0].flatten(0));
        op("flatten_1", x -> x[0].flatten(1));
        op("flatten_1_4d", x -> x[0].flatten(1));
        op("flatten_neg", x -> x[0].flatten(-2));
        op("transpose_2d", x -> x[0].transpose(0, 1));
        op("transpose_3d_02", x -> x[0].transpose(0, 2));
        op("transpose_neg", x -> x[0].transpose(-1, -2));
        op("permute_3d", x -> x[0].permute(2, 0, 1));
        op("permute_4d", x -> x[0].permute(0, 2, 3, 1));
        op("diamond", x -> x[0].mul(x[1]).add(x[0].mul(x[1].exp())));
        op("used_twice", x -> x[0].mul(x[0]).add(x[0]));
        op("sub_self", x -> x[0].sub(x[0]));
        op("linear_relu_sum", x -> x[0].matmul(x[1]).add(x[2]).relu().sum());
        op("transpose_matmul", x -> x[0].transpose(0, 1).matmul(x[1]));
        op("matmul_transposed_rhs", x -> x[0].matmul(x[1].transpose(-1, -2)));
        op("permute_reshape_matmul", x -> x[0].permute(0, 2, 1).reshape(8, 3).matmul(x[1]));
        op("view_transpose_sum", x -> x[0].view(6, 4).transpose(0, 1).sum(1, true));
        op("broadcast_chain", x -> x[0].add(x[1]).mul(x[2]).tanh());
        op("tanh_sigmoid_chain", x -> x[0].tanh().mul(x[1].sigmoid()).sub(x[0].abs().sqrt()));
        op("layer_norm_manual",
                x -> x[0].sub(x[0].mean(-1, true))
                        .div(x[0].sub(x[0].mean(-1, true)).pow(2f).mean(-1, true).add(1e-5f).sqrt()));
        op("logsumexp_manual", x -> x[0].sub(x[0].max(1).reshape(3, 1)).exp().sum(1, false).log());
        op("cross_entropy_manual", x -> x[0].logSoftmax(1).mul(x[1]).sum().mul(-0.25f));
        op("attention", x -> x[0].matmul(x[1].transpose(-1, -2)).mul(0.5f).softmax(-1).matmul(x[2]));
        op("normalize_rows", x -> x[0].div(x[0].sum(1, true)));
        op("l2_norm_rows", x -> x[0].pow(2f).sum(1, false).sqrt());
        op("mse_manual", x -> x[0].sub(x[1]).pow(2f).mean());
        op("exp_log_chain", x -> x[0].exp().add(1f).log().mul(x[0].neg().sigmoid()));
        op("argmax_dim1", x -> x[0].argmax(1));
        op("argmax_dim0", x -> x[0].argmax(0));
        op("argmax_neg_dim", x -> x[0].argmax(-1));
        op("eq_same_shape", x -> x[0].eq(x[1]));
        op("eq_broadcast", x -> x[0].eq(x[1]));
    }

    @TestFactory
    List<DynamicTest> tensorOps() {
        return Golden.opCaseTests("tensor_ops.json", OPS);
    }
}

package dev.hookbook.golden;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The tensor ops of sequence models (joining, indexing, statistics, erf/GELU, clamp, maximum,
 * top-k) against PyTorch 1.13: fixture {@code golden/sequence_ops.json}, written by
 * {@code tools/golden/make_sequence_op_fixtures.py}, in the case format of {@code tensor_ops.json}.
 * Each lambda is the fixture's {@code "expr"} text; a case without a lambda fails, and so does a
 * lambda without a case. multinomial and randint draw from Java's generator, not PyTorch's, so
 * {@code SamplingTest} checks their statistics instead.
 */
class SequenceOpsGoldenTest {
    private static final Map<String, Function<Tensor[], Tensor>> OPS = new LinkedHashMap<>();

    private static void op(String name, Function<Tensor[], Tensor> f) {
        if (OPS.put(name, f) != null) {
            throw new IllegalStateException("duplicate op " + name);
        }
    }

    static {
        op("cat_dim0", x -> Tensor.cat(0, x[0], x[1]));
        op("cat_dim1_three", x -> Tensor.cat(1, x[0], x[1], x[2]));
        op("cat_neg_dim_3d", x -> Tensor.cat(-1, x[0], x[1]));
        op("cat_no_grad_operand", x -> Tensor.cat(0, x[0], x[1]));
        op("cat_same_tensor_twice", x -> Tensor.cat(1, x[0], x[0]));
        op("stack_dim0", x -> Tensor.stack(0, x[0], x[1]));
        op("stack_mid_dim", x -> Tensor.stack(1, x[0], x[1], x[2]));
        op("stack_last_dim", x -> Tensor.stack(-1, x[0], x[1]));
        op("split_first", x -> x[0].split(2, 1).get(0));
        op("split_last_smaller", x -> x[0].split(2, 1).get(2));
        op("split_pieces_combined", x -> x[0].split(2, 0).get(0).mul(x[0].split(2, 0).get(1)));
        op("chunk_middle", x -> x[0].chunk(3, 0).get(1));
        op("chunk_neg_dim", x -> x[0].chunk(2, -1).get(1));
        op("narrow_dim1", x -> x[0].narrow(1, 1, 2));
        op("narrow_neg_start", x -> x[0].narrow(0, -2, 2));
        op("narrow_matmul", x -> x[0].narrow(-1, 0, 3).matmul(x[1]));
        op("index_select_dim0", x -> x[0].indexSelect(0, x[1]));
        op("index_select_last_dim_repeats", x -> x[0].indexSelect(2, x[1]));
        op("index_select_embedding_like", x -> x[0].indexSelect(0, x[1]).sum(1, false));
        op("gather_dim1", x -> x[0].gather(1, x[1]));
        op("gather_dim0_smaller_index", x -> x[0].gather(0, x[1]));
        op("gather_3d_neg_dim", x -> x[0].gather(-1, x[1]));
        op("masked_fill_mask", x -> x[0].maskedFill(x[1], -2.5f));
        op("masked_fill_broadcast_mask", x -> x[0].maskedFill(x[1], 0f));
        op("masked_fill_causal_softmax", x -> x[0].maskedFill(Tensor.ones(4, 4).sub(Tensor.tril(4)), -1e9f).softmax(-1));
        op("where_same_shape", x -> Tensor.where(x[0], x[1], x[2]));
        op("where_broadcast", x -> Tensor.where(x[0], x[1], x[2]));
        op("where_no_grad_branch", x -> Tensor.where(x[0], x[1], x[2]));
        op("tril_static", x -> Tensor.tril(4));
        op("triu_static", x -> Tensor.triu(3));
        op("tril_instance", x -> x[0].tril());
        op("triu_instance_batched", x -> x[0].triu());
        op("var_dim1", x -> x[0].var(1, false));
        op("var_dim0_keep", x -> x[0].var(0, true));
        op("var_neg_dim_3d", x -> x[0].var(-1, false));
        op("std_dim1", x -> x[0].std(1, false));
        op("std_keep_3d", x -> x[0].std(1, true));
        op("layer_norm_with_var", x -> x[0].sub(x[0].mean(-1, true)).div(x[0].var(-1, true).add(1e-5f).sqrt()));
        op("erf", x -> x[0].erf());
        op("erf_tails", x -> x[0].erf());
        op("erf_tiny", x -> x[0].erf());
        op("gelu", x -> x[0].gelu());
        op("gelu_tails", x -> x[0].gelu());
        op("gelu_mlp", x -> x[0].matmul(x[1]).gelu().matmul(x[2]));
        op("clamp", x -> x[0].clamp(-0.5f, 0.5f));
        op("clamp_min_above_max", x -> x[0].clamp(0.5f, -0.5f));
        op("maximum_same_shape", x -> x[0].maximum(x[1]));
        op("maximum_broadcast", x -> x[0].maximum(x[1]));
        op("maximum_ties_split_gradient", x -> x[0].maximum(x[1]));
        op("topk_dim1", x -> x[0].topk(2, 1));
        op("topk_dim0_all", x -> x[0].topk(4, 0));
        op("topk_neg_dim_3d", x -> x[0].topk(3, -1));
        op("topk_indices", x -> x[0].topkIndices(3, -1));
        op("topk_indices_dim0", x -> x[0].topkIndices(2, 0));
        op("arange_start_end", x -> Tensor.arange(2, 7));
        op("arange_negative_start", x -> Tensor.arange(-3, 2));
        op("causal_attention_from_split", x -> x[0].matmul(x[1]).split(4, -1).get(0).matmul(x[0].matmul(x[1]).split(4, -1).get(1).transpose(0, 1)).mul(0.5f).maskedFill(Tensor.ones(3, 3).sub(Tensor.tril(3)), -1e9f).softmax(-1).matmul(x[0].matmul(x[1]).split(4, -1).get(2)));
        op("erf_ulp_grid", x -> x[0].erf());
    }

    @TestFactory
    List<DynamicTest> sequenceOps() {
        return Golden.opCaseTests("sequence_ops.json", OPS);
    }

    /**
     * erf from tiny arguments (down to 1e-38) to the tails: at most 1 ulp from the float64 value
     * rounded to float32, and at most 2 ulps from PyTorch's own float32 erf.
     */
    @Test
    void erfIsWithinAnUlpOfTheFloat64Value() {
        JsonObject c = null;
        for (JsonElement e : Golden.load("sequence_ops.json").getAsJsonArray()) {
            if (e.getAsJsonObject().get("name").getAsString().equals("erf_ulp_grid")) {
                c = e.getAsJsonObject();
            }
        }
        assertNotNull(c, "case erf_ulp_grid");
        float[] x = Golden.data(c.getAsJsonArray("inputs").get(0).getAsJsonObject());
        float[] reference = Golden.data(c.getAsJsonObject("reference"));
        float[] torch = Golden.data(c.getAsJsonObject("output"));
        float[] ours = Tensor.of(x, x.length).erf().toFloatArray();
        int worstReference = 0, worstTorch = 0;
        for (int i = 0; i < x.length; i++) {
            int r = ulps(ours[i], reference[i]), t = ulps(ours[i], torch[i]);
            assertTrue(r <= 1, "erf(" + x[i] + ") = " + ours[i] + ", float64 rounded: " + reference[i] + " (" + r + " ulps)");
            assertTrue(t <= 2, "erf(" + x[i] + ") = " + ours[i] + ", PyTorch: " + torch[i] + " (" + t + " ulps)");
            worstReference = Math.max(worstReference, r);
            worstTorch = Math.max(worstTorch, t);
        }
        System.out.println("erf over " + x.length + " arguments: worst " + worstReference + " ulp from float64, "
                + worstTorch + " from PyTorch's float32");
    }

    /** The distance in representable floats (same sign assumed, as erf keeps the sign of x). */
    private static int ulps(float a, float b) {
        if (a == b) {
            return 0;
        }
        if (Math.signum(a) != Math.signum(b)) {
            return Integer.MAX_VALUE;
        }
        return Math.abs(Float.floatToIntBits(Math.abs(a)) - Float.floatToIntBits(Math.abs(b)));
    }
}

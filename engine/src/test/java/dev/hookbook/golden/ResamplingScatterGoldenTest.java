package dev.hookbook.golden;

import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ops ported recipes reach for, part A ({@code F.interpolate} nearest/linear/bilinear by size
 * and by scale, {@code scatter}, {@code scatterAdd}, {@code indexPut}, {@code clone}) against
 * PyTorch 1.13: fixture {@code golden/recipe_ops_a.json}, written by
 * {@code tools/golden/make_recipe_op_fixtures.py}, in the case format of {@code tensor_ops.json}.
 * Each lambda is the fixture's {@code "expr"} text; a case without a lambda fails, and so does a
 * lambda without a case.
 */
class ResamplingScatterGoldenTest {
    private static final Map<String, Function<Tensor[], Tensor>> OPS = new LinkedHashMap<>();

    private static void op(String name, Function<Tensor[], Tensor> f) {
        if (OPS.put(name, f) != null) {
            throw new IllegalStateException("duplicate op " + name);
        }
    }

    static {
        op("interp_nearest_size_up", x -> F.interpolate(x[0], new int[]{7, 9}, "nearest"));
        op("interp_nearest_size_down", x -> F.interpolate(x[0], new int[]{4, 3}, "nearest"));
        op("interp_nearest_size_doubled", x -> F.interpolate(x[0], new int[]{6, 8}, "nearest"));
        op("interp_nearest_one_size", x -> F.interpolate(x[0], new int[]{5}, "nearest"));
        op("interp_nearest_scale", x -> F.interpolate(x[0], new float[]{1.5f, 2.5f}, "nearest"));
        op("interp_nearest_scale_down", x -> F.interpolate(x[0], new float[]{0.5f, 0.75f}, "nearest"));
        op("interp_nearest_scale_not_size_ratio", x -> F.interpolate(x[0], new float[]{1.7f}, "nearest"));
        op("interp_nearest_1d_size", x -> F.interpolate(x[0], new int[]{8}, "nearest"));
        op("interp_nearest_1d_scale", x -> F.interpolate(x[0], new float[]{1.75f}, "nearest"));
        op("interp_bilinear_size_up", x -> F.interpolate(x[0], new int[]{7, 8}, "bilinear", false));
        op("interp_bilinear_size_up_default", x -> F.interpolate(x[0], new int[]{6, 9}, "bilinear"));
        op("interp_bilinear_size_up_align", x -> F.interpolate(x[0], new int[]{7, 8}, "bilinear", true));
        op("interp_bilinear_size_down", x -> F.interpolate(x[0], new int[]{3, 4}, "bilinear", false));
        op("interp_bilinear_size_down_align", x -> F.interpolate(x[0], new int[]{3, 4}, "bilinear", true));
        op("interp_bilinear_one_dim_same", x -> F.interpolate(x[0], new int[]{4, 10}, "bilinear", false));
        op("interp_bilinear_to_one_align", x -> F.interpolate(x[0], new int[]{1, 3}, "bilinear", true));
        op("interp_bilinear_scale_2", x -> F.interpolate(x[0], new float[]{2f}, "bilinear", false));
        op("interp_bilinear_scale_mixed", x -> F.interpolate(x[0], new float[]{1.5f, 0.75f}, "bilinear", false));
        op("interp_bilinear_scale_not_size_ratio", x -> F.interpolate(x[0], new float[]{1.7f, 2.3f}, "bilinear", false));
        op("interp_bilinear_scale_align", x -> F.interpolate(x[0], new float[]{1.5f, 2.5f}, "bilinear", true));
        op("interp_bilinear_in_a_net", x -> F.interpolate(x[0].mul(x[1]), new int[]{5, 6}, "bilinear", false).tanh());
        op("interp_linear_size_up", x -> F.interpolate(x[0], new int[]{9}, "linear", false));
        op("interp_linear_size_up_align", x -> F.interpolate(x[0], new int[]{9}, "linear", true));
        op("interp_linear_size_down", x -> F.interpolate(x[0], new int[]{3}, "linear"));
        op("interp_linear_scale", x -> F.interpolate(x[0], new float[]{2.5f}, "linear", false));
        op("scatter_dim0", x -> x[0].scatter(0, x[1], x[2]));
        op("scatter_dim1_src_larger", x -> x[0].scatter(1, x[1], x[2]));
        op("scatter_index_smaller_than_input", x -> x[0].scatter(1, x[1], x[2]));
        op("scatter_3d_neg_dim", x -> x[0].scatter(-1, x[1], x[2]));
        op("scatter_src_no_grad", x -> x[0].scatter(1, x[1], x[2]));
        op("scatter_value", x -> x[0].scatter(1, x[1], 2.5f));
        op("scatter_value_dups", x -> x[0].scatter(0, x[1], -1f));
        op("scatter_add_dim0_dups", x -> x[0].scatterAdd(0, x[1], x[2]));
        op("scatter_add_dim1_src_larger", x -> x[0].scatterAdd(1, x[1], x[2]));
        op("scatter_add_3d", x -> x[0].scatterAdd(1, x[1], x[2]));
        op("scatter_add_self_no_grad", x -> x[0].scatterAdd(0, x[1], x[2]));
        op("index_put_rows", x -> x[0].indexPut(new Tensor[]{x[1]}, x[2]));
        op("index_put_rows_broadcast_value", x -> x[0].indexPut(new Tensor[]{x[1]}, x[2]));
        op("index_put_scalar_value", x -> x[0].indexPut(new Tensor[]{x[1]}, x[2]));
        op("index_put_two_dims", x -> x[0].indexPut(new Tensor[]{x[1], x[2]}, x[3], false));
        op("index_put_broadcast_indices", x -> x[0].indexPut(new Tensor[]{x[1], x[2]}, x[3]));
        op("index_put_negative_indices", x -> x[0].indexPut(new Tensor[]{x[1]}, x[2]));
        op("index_put_accumulate_dups", x -> x[0].indexPut(new Tensor[]{x[1]}, x[2], true));
        op("index_put_accumulate_two_dims", x -> x[0].indexPut(new Tensor[]{x[1], x[2]}, x[3], true));
        op("index_put_mask", x -> x[0].indexPut(x[1], x[2]));
        op("index_put_mask_rows", x -> x[0].indexPut(x[1], x[2]));
        op("clone", x -> x[0].clone().mul(x[0]));
        op("clone_of_view", x -> x[0].transpose(0, 1).clone());
    }

    @TestFactory
    List<DynamicTest> recipeOps() {
        return Golden.opCaseTests("recipe_ops_a.json", OPS);
    }
}

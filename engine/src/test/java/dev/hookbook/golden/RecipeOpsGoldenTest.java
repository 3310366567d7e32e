package dev.hookbook.golden;

import dev.hookbook.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Selection and order statistics against PyTorch 1.13: max()/min() over all elements (ties share
 * the gradient), min(dim), max/min with indices (first occurrence on ties), argmin, comparisons
 * with a number and between tensors, kthvalue, median and quantile. Fixture
 * {@code golden/recipe_ops_b.json}, written by {@code tools/golden/make_recipe_op_fixtures_b.py},
 * in the case format of {@code tensor_ops.json}. Each lambda is the fixture's {@code "expr"} text;
 * a case without a lambda fails, and so does a lambda without a case.
 */
class RecipeOpsGoldenTest {
    private static final Map<String, Function<Tensor[], Tensor>> OPS = new LinkedHashMap<>();

    private static void op(String name, Function<Tensor[], Tensor> f) {
        if (OPS.put(name, f) != null) {
            throw new IllegalStateException("duplicate op " + name);
        }
    }

    static {
        op("max_all", x -> x[0].max());
        op("max_all_3d", x -> x[0].max());
        op("max_all_0dim", x -> x[0].max());
        op("max_all_ties", x -> x[0].max());
        op("min_all", x -> x[0].min());
        op("min_all_ties", x -> x[0].min());
        op("min_max_normalise", x -> x[0].sub(x[0].min()).div(x[0].max().sub(x[0].min())));
        op("stable_softmax_with_max", x -> x[0].sub(x[0].max()).exp().div(x[0].sub(x[0].max()).exp().sum()));
        op("min_dim1", x -> x[0].min(1));
        op("min_dim0_keep", x -> x[0].min(0, true));
        op("min_neg_dim_3d", x -> x[0].min(-1));
        op("max_with_indices_values", x -> x[0].maxWithIndices(1, false).values());
        op("max_with_indices_indices", x -> x[0].maxWithIndices(1, false).indices());
        op("max_with_indices_keep_3d", x -> x[0].maxWithIndices(-1, true).values());
        op("max_with_indices_dim0_indices", x -> x[0].maxWithIndices(0, true).indices());
        op("max_with_indices_ties_first", x -> x[0].maxWithIndices(1, false).indices());
        op("max_with_indices_ties_gradient", x -> x[0].maxWithIndices(1, false).values());
        op("max_with_indices_ties_dim0", x -> x[0].maxWithIndices(0, false).values());
        op("max_with_indices_0dim", x -> x[0].maxWithIndices(0, false).values());
        op("min_with_indices_values", x -> x[0].minWithIndices(0, false).values());
        op("min_with_indices_indices", x -> x[0].minWithIndices(1, true).indices());
        op("min_with_indices_ties_first", x -> x[0].minWithIndices(1, false).indices());
        op("min_with_indices_ties_gradient", x -> x[0].minWithIndices(1, false).values());
        op("argmin_dim1", x -> x[0].argmin(1));
        op("argmin_dim0_keep", x -> x[0].argmin(0, true));
        op("argmin_ties_first", x -> x[0].argmin(1));
        op("gt_number", x -> x[0].gt(1f));
        op("ge_number", x -> x[0].ge(1f));
        op("lt_number", x -> x[0].lt(-0.5f));
        op("le_number", x -> x[0].le(0f));
        op("eq_number", x -> x[0].eq(2f));
        op("ne_number", x -> x[0].ne(0f));
        op("ge_tensor_broadcast", x -> x[0].ge(x[1]));
        op("lt_tensor_broadcast", x -> x[0].lt(x[1]));
        op("le_tensor_same_shape", x -> x[0].le(x[1]));
        op("ne_tensor_broadcast", x -> x[0].ne(x[1]));
        op("mask_from_comparison", x -> x[0].mul(x[0].gt(0.5f)).add(x[0].mul(x[0].le(-0.5f)).mul(2f)));
        op("kthvalue_dim1", x -> x[0].kthvalue(2, 1, false));
        op("kthvalue_dim1_indices", x -> x[0].kthvalueWithIndices(2, 1, false).indices());
        op("kthvalue_dim0_keep", x -> x[0].kthvalue(3, 0, true));
        op("kthvalue_last_dim_default", x -> x[0].kthvalue(4));
        op("kthvalue_k1_is_min", x -> x[0].kthvalue(1, -1, false));
        op("kthvalue_k_size_is_max_indices", x -> x[0].kthvalueWithIndices(5, 1, true).indices());
        op("kthvalue_0dim", x -> x[0].kthvalue(1, 0, false));
        op("median_all_odd", x -> x[0].median());
        op("median_all_even_lower", x -> x[0].median());
        op("median_all_ties", x -> x[0].median());
        op("median_dim1", x -> x[0].median(1, false));
        op("median_dim0_even_keep", x -> x[0].median(0, true));
        op("median_dim1_indices", x -> x[0].medianWithIndices(1, false).indices());
        op("quantile_all", x -> x[0].quantile(0.4f));
        op("quantile_all_3d", x -> x[0].quantile(0.85f));
        op("quantile_dim1_low_weight", x -> x[0].quantile(0.3f, 1, false));
        op("quantile_dim1_high_weight", x -> x[0].quantile(0.9f, 1, false));
        op("quantile_dim0_keep", x -> x[0].quantile(0.75f, 0, true));
        op("quantile_median_even", x -> x[0].quantile(0.5f, -1, false));
        op("quantile_q0_is_min", x -> x[0].quantile(0f, 1, false));
        op("quantile_q1_is_max", x -> x[0].quantile(1f, 1, false));
        op("quantile_tensor_q_dim", x -> x[0].quantile(x[1], 1, false));
        op("quantile_tensor_q_keep", x -> x[0].quantile(x[1], 0, true));
        op("quantile_tensor_q_all", x -> x[0].quantile(x[1]));
        op("quantile_0dim_q_all", x -> x[0].quantile(x[1]));
        op("quantile_clip_outliers", x -> x[0].sub(x[0].quantile(0.1f, 1, true)).div(x[0].quantile(0.9f, 1, true).sub(x[0].quantile(0.1f, 1, true))));
    }

    @TestFactory
    List<DynamicTest> recipeOps() {
        return Golden.opCaseTests("recipe_ops_b.json", OPS);
    }
}

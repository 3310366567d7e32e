#!/usr/bin/python3
# Golden fixtures for the selection and order-statistic ops recipes reach for: max()/min() over all
# elements, min(dim), max/min with indices, argmin, comparisons with a number and the tensor forms
# ge/lt/le/ne, kthvalue, median and quantile, from PyTorch 1.13.
#
# Writes engine/src/test/resources/golden/recipe_ops_b.json in the case format of tensor_ops.json
# (see tools/golden/README.md): each case has a Java expression over x[0], x[1], ..., its inputs,
# PyTorch's output and the gradient of sum(output * upstream) for every input that requires grad.
# Comparisons and indices are non-differentiable cases (upstream and grads null).
#
# Inputs of kthvalue, median(dim), quantile and the index cases have no ties (the script checks),
# except the *_ties cases: max()/min()/median() share their gradient evenly among ties, and
# max/min along a dim name the first occurrence, which the script checks PyTorch's CPU does too.
#
# Re-run from the repository root with Debian's PyTorch: /usr/bin/python3 tools/golden/make_recipe_op_fixtures_b.py
# The output is deterministic: re-running rewrites an identical file.

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import T, I, java_to_python, write_json  # noqa: E402
from fixture_cases import expression_cases  # noqa: E402

torch.set_num_threads(1)


class VI:
    """A Java ValuesAndIndices record: values() and indices() (indices as floats)."""

    def __init__(self, r):
        self.r = r

    def values(self): return B(self.r.values)
    def indices(self): return B(self.r.indices.to(self.r.values.dtype))


def _f(b):
    return b.to(torch.get_default_dtype() if b.dtype == torch.bool else b.dtype)


class B(T):
    """The Tensor methods of this fixture, mapped onto torch."""

    def _cmp(self, o, f): return B(f(self.t, T._v(o)).to(self.t.dtype))
    def eq(self, o): return self._cmp(o, torch.eq)
    def ne(self, o): return self._cmp(o, torch.ne)
    def gt(self, o): return self._cmp(o, torch.gt)
    def ge(self, o): return self._cmp(o, torch.ge)
    def lt(self, o): return self._cmp(o, torch.lt)
    def le(self, o): return self._cmp(o, torch.le)

    def max(self, dim=None): return B(self.t.max()) if dim is None else B(self.t.max(dim).values)
    def min(self, dim=None, keep=False): return B(self.t.min()) if dim is None else B(self.t.min(dim, keepdim=keep).values)
    def maxWithIndices(self, d, keep): return VI(self.t.max(d, keepdim=keep))
    def minWithIndices(self, d, keep): return VI(self.t.min(d, keepdim=keep))
    def argmin(self, d, keep=False): return B(self.t.argmin(d, keepdim=keep).to(self.t.dtype))
    def kthvalue(self, k, d=-1, keep=False): return VI(self.t.kthvalue(k, d, keepdim=keep))
    def median(self, d=None, keep=False): return B(self.t.median()) if d is None else VI(self.t.median(d, keepdim=keep))

    def quantile(self, q, d=None, keep=False):
        return B(torch.quantile(self.t, T._v(q), d, keepdim=keep))


# The methods of T return plain T objects; wrap them so chains keep the B methods.
for _name in ("add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu",
              "matmul", "sum", "mean", "argmax", "reshape", "view", "flatten", "transpose", "permute",
              "softmax", "logSoftmax"):
    def _wrap(f):
        return lambda self, *a: B(f(self, *a).t)
    setattr(B, _name, _wrap(getattr(T, _name)))


def eval_expr(expr, tensors):
    return eval(java_to_python(expr), {"__builtins__": {}}, {"x": [B(t) for t in tensors]}).t


def gen(kind, shape):
    if kind == "int":                     # small integers: equal elements for the comparisons
        return torch.randint(-2, 3, shape).float()
    if kind == "distinct":                # a shuffled grid: no ties, gaps far above rounding
        n = int(torch.tensor(shape).prod()) if shape else 1
        return ((torch.randperm(n).float() - n / 2) * 0.37).reshape(shape)
    assert kind == "randn", kind
    return torch.randn(shape).float()


def fixed(values, grad=True):
    return (torch.tensor(values, dtype=torch.float32), grad)


TIES = [[1.0, 3.0, 3.0, -2.0], [2.0, 3.0, -2.0, -2.0], [3.0, -2.0, 1.0, 0.5]]

# (name, java expression, inputs): an input is I(shape, kind, grad) or fixed(values, grad)
CASES = [
    ("max_all", "x[0].max()", [I([3, 4])]),
    ("max_all_3d", "x[0].max()", [I([2, 3, 4])]),
    ("max_all_0dim", "x[0].max()", [I([])]),
    ("max_all_ties", "x[0].max()", [fixed(TIES)]),
    ("min_all", "x[0].min()", [I([3, 4])]),
    ("min_all_ties", "x[0].min()", [fixed(TIES)]),
    ("min_max_normalise", "x[0].sub(x[0].min()).div(x[0].max().sub(x[0].min()))", [I([2, 5])]),
    ("stable_softmax_with_max", "x[0].sub(x[0].max()).exp().div(x[0].sub(x[0].max()).exp().sum())", [I([6])]),
    ("min_dim1", "x[0].min(1)", [I([3, 5])]),
    ("min_dim0_keep", "x[0].min(0, true)", [I([4, 3])]),
    ("min_neg_dim_3d", "x[0].min(-1)", [I([2, 3, 4])]),
    ("max_with_indices_values", "x[0].maxWithIndices(1, false).values()", [I([3, 5])]),
    ("max_with_indices_indices", "x[0].maxWithIndices(1, false).indices()", [I([3, 5], grad=False)]),
    ("max_with_indices_keep_3d", "x[0].maxWithIndices(-1, true).values()", [I([2, 3, 4])]),
    ("max_with_indices_dim0_indices", "x[0].maxWithIndices(0, true).indices()", [I([4, 3], grad=False)]),
    ("max_with_indices_ties_first", "x[0].maxWithIndices(1, false).indices()", [fixed(TIES, False)]),
    ("max_with_indices_ties_gradient", "x[0].maxWithIndices(1, false).values()", [fixed(TIES)]),
    ("max_with_indices_ties_dim0", "x[0].maxWithIndices(0, false).values()", [fixed(TIES)]),
    ("max_with_indices_0dim", "x[0].maxWithIndices(0, false).values()", [I([])]),
    ("min_with_indices_values", "x[0].minWithIndices(0, false).values()", [I([4, 3])]),
    ("min_with_indices_indices", "x[0].minWithIndices(1, true).indices()", [I([3, 5], grad=False)]),
    ("min_with_indices_ties_first", "x[0].minWithIndices(1, false).indices()", [fixed(TIES, False)]),
    ("min_with_indices_ties_gradient", "x[0].minWithIndices(1, false).values()", [fixed(TIES)]),
    ("argmin_dim1", "x[0].argmin(1)", [I([3, 5], grad=False)]),
    ("argmin_dim0_keep", "x[0].argmin(0, true)", [I([4, 3], grad=False)]),
    ("argmin_ties_first", "x[0].argmin(1)", [fixed(TIES, False)]),
    ("gt_number", "x[0].gt(1f)", [I([3, 4], "int", False)]),
    ("ge_number", "x[0].ge(1f)", [I([3, 4], "int", False)]),
    ("lt_number", "x[0].lt(-0.5f)", [I([3, 4], "int", False)]),
    ("le_number", "x[0].le(0f)", [I([3, 4], "int", False)]),
    ("eq_number", "x[0].eq(2f)", [I([3, 4], "int", False)]),
    ("ne_number", "x[0].ne(0f)", [I([3, 4], "int", False)]),
    ("ge_tensor_broadcast", "x[0].ge(x[1])", [I([3, 4], "int", False), I([4], "int", False)]),
    ("lt_tensor_broadcast", "x[0].lt(x[1])", [I([3, 1], "int", False), I([2, 1, 4], "int", False)]),
    ("le_tensor_same_shape", "x[0].le(x[1])", [I([3, 4], "int", False), I([3, 4], "int", False)]),
    ("ne_tensor_broadcast", "x[0].ne(x[1])", [I([3, 4], "int", False), I([3, 1], "int", False)]),
    ("mask_from_comparison", "x[0].mul(x[0].gt(0.5f)).add(x[0].mul(x[0].le(-0.5f)).mul(2f))", [I([3, 4])]),
    ("kthvalue_dim1", "x[0].kthvalue(2, 1, false)", [I([3, 5], "distinct")]),
    ("kthvalue_dim1_indices", "x[0].kthvalueWithIndices(2, 1, false).indices()", [I([3, 5], "distinct", False)]),
    ("kthvalue_dim0_keep", "x[0].kthvalue(3, 0, true)", [I([4, 3], "distinct")]),
    ("kthvalue_last_dim_default", "x[0].kthvalue(4)", [I([2, 3, 4], "distinct")]),
    ("kthvalue_k1_is_min", "x[0].kthvalue(1, -1, false)", [I([3, 5], "distinct")]),
    ("kthvalue_k_size_is_max_indices", "x[0].kthvalueWithIndices(5, 1, true).indices()", [I([3, 5], "distinct", False)]),
    ("kthvalue_0dim", "x[0].kthvalue(1, 0, false)", [I([])]),
    ("median_all_odd", "x[0].median()", [I([3, 5], "distinct")]),
    ("median_all_even_lower", "x[0].median()", [I([3, 4], "distinct")]),
    ("median_all_ties", "x[0].median()", [fixed([[1.0, 3.0, 3.0], [3.0, 0.0, -1.0], [5.0, 3.0, 2.0]])]),
    ("median_dim1", "x[0].median(1, false)", [I([3, 5], "distinct")]),
    ("median_dim0_even_keep", "x[0].median(0, true)", [I([4, 3], "distinct")]),
    ("median_dim1_indices", "x[0].medianWithIndices(1, false).indices()", [I([3, 4], "distinct", False)]),
    ("quantile_all", "x[0].quantile(0.4f)", [I([3, 4], "distinct")]),
    ("quantile_all_3d", "x[0].quantile(0.85f)", [I([2, 3, 4], "distinct")]),
    ("quantile_dim1_low_weight", "x[0].quantile(0.3f, 1, false)", [I([3, 5], "distinct")]),
    ("quantile_dim1_high_weight", "x[0].quantile(0.9f, 1, false)", [I([3, 5], "distinct")]),
    ("quantile_dim0_keep", "x[0].quantile(0.75f, 0, true)", [I([4, 3], "distinct")]),
    ("quantile_median_even", "x[0].quantile(0.5f, -1, false)", [I([2, 3, 4], "distinct")]),
    ("quantile_q0_is_min", "x[0].quantile(0f, 1, false)", [I([3, 5], "distinct")]),
    ("quantile_q1_is_max", "x[0].quantile(1f, 1, false)", [I([3, 5], "distinct")]),
    ("quantile_tensor_q_dim", "x[0].quantile(x[1], 1, false)", [I([3, 5], "distinct"), fixed([0.1, 0.5, 0.9], False)]),
    ("quantile_tensor_q_keep", "x[0].quantile(x[1], 0, true)", [I([4, 3], "distinct"), fixed([0.25, 1.0], False)]),
    ("quantile_tensor_q_all", "x[0].quantile(x[1])", [I([3, 4], "distinct"), fixed([0.2, 0.6], False)]),
    ("quantile_0dim_q_all", "x[0].quantile(x[1])", [I([2, 5], "distinct"), fixed(0.35, False)]),
    ("quantile_clip_outliers", "x[0].sub(x[0].quantile(0.1f, 1, true)).div(x[0].quantile(0.9f, 1, true).sub(x[0].quantile(0.1f, 1, true)))",
     [I([3, 6], "distinct")]),
]

# The index picked among equal values is PyTorch's own choice for these ops: keep their inputs tie-free.
NO_TIES = ("kthvalue", "median(", "quantile")


def check_no_ties(case, datas):
    """Inputs of the index and order-statistic cases have no ties, but for the *_ties cases."""
    if any(k in case["expr"] for k in NO_TIES) and "ties" not in case["name"]:
        assert datas[0].unique().numel() == datas[0].numel(), case["name"]


def main():
    torch.manual_seed(2026)
    cases = expression_cases(CASES, gen, lambda expr, xs, dtype: eval_expr(expr, xs), check_no_ties)

    # Ties along a dim: PyTorch's CPU names the first occurrence, as Hookbook documents.
    ties = torch.tensor(TIES)
    assert ties.max(1).indices.tolist() == [1, 1, 0], ties.max(1)
    assert ties.max(0).indices.tolist() == [2, 0, 0, 2], ties.max(0)
    assert ties.min(1).indices.tolist() == [3, 2, 1], ties.min(1)
    write_json("recipe_ops_b.json", cases)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# Golden fixtures for the ops that ported PyTorch recipes reach for, part A: F.interpolate
# (nearest, linear, bilinear; by size and by scale factor; align_corners both ways), scatter,
# scatter_add, index_put (x[idx] = v, x[idx] += v, x[mask] = v) and clone, from PyTorch 1.13.
#
# Writes engine/src/test/resources/golden/recipe_ops_a.json in the case format of tensor_ops.json
# (see tools/golden/README.md), evaluated with make_sequence_op_fixtures.py's mapping of the Java
# API plus the methods below. Java array literals in an expression (new int[]{..}, new float[]{..},
# new Tensor[]{..}) become Python lists; a float[] passed to F.interpolate is its scale_factor.
# scatter and index_put cases without accumulate write each element at most once (PyTorch leaves
# the winner of a duplicate undefined); the accumulating ones have duplicates on purpose. Where src
# is larger than the index, src needs no grad here: PyTorch 1.13 rejects the gradient it makes
# then (index-shaped, "invalid gradient"); Hookbook pads it with zeros, which GradCheck checks.
#
# Re-run from the repository root with Debian's PyTorch: /usr/bin/python3 tools/golden/make_recipe_op_fixtures.py
# The output is deterministic: re-running rewrites an identical file.

import os
import re
import sys

import torch
import torch.nn.functional as TF

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import I, java_to_python, write_json  # noqa: E402
from make_sequence_op_fixtures import S, TensorStatics  # noqa: E402
from fixture_cases import expression_cases  # noqa: E402

torch.set_num_threads(1)


class Scale(list):
    """A Java float[] given to F.interpolate: the scale factors."""


def _scatter(self, d, idx, src):
    return S(self.t.scatter(d, idx.t.long(), src.t if isinstance(src, S) else float(src)))


def _index_put(self, indices, values, accumulate=False):
    if isinstance(indices, S):  # the mask form: x[mask] = values
        y = self.t.clone()
        y[indices.t != 0] = values.t
        return S(y)
    return S(torch.index_put(self.t, tuple(i.t.long() for i in indices), values.t, accumulate))


S.scatter = _scatter
S.scatterAdd = lambda self, d, idx, src: S(self.t.scatter_add(d, idx.t.long(), src.t))
S.indexPut = _index_put
S.clone = lambda self: S(self.t.clone())
S.copy = lambda self: S(self.t.clone())


class FStatics:
    """F.interpolate of the Java API."""

    @staticmethod
    def interpolate(x, size, mode, align_corners=None):
        # One value stands for every spatial dim, as PyTorch's int size or float scale_factor.
        if isinstance(size, Scale):
            scale = float(size[0]) if len(size) == 1 else [float(s) for s in size]
            return S(TF.interpolate(x.t, scale_factor=scale, mode=mode, align_corners=align_corners))
        return S(TF.interpolate(x.t, size=size[0] if len(size) == 1 else list(size), mode=mode, align_corners=align_corners))


def to_python(expr):
    e = re.sub(r"new float\[\]\{([^}]*)\}", r"Scale([\1])", expr)
    e = re.sub(r"new (?:int|Tensor)\[\]\{([^}]*)\}", r"[\1]", e)
    return java_to_python(e)


def eval_expr(expr, tensors, dtype):
    TensorStatics.dtype = dtype
    env = {"x": [S(t) for t in tensors], "Tensor": TensorStatics, "F": FStatics, "Scale": Scale}
    return eval(to_python(expr), {"__builtins__": {}}, env).t


def distinct(n, shape, dim):
    """Indices in [0, n), distinct along dim (each column a prefix of a permutation): no element written twice."""
    moved = list(shape)
    moved[dim], moved[-1] = moved[-1], moved[dim]
    cols = int(torch.tensor(moved[:-1]).prod()) if len(moved) > 1 else 1
    rows = torch.stack([torch.randperm(n)[:moved[-1]] for _ in range(cols)]).reshape(moved)
    return rows.transpose(dim, -1).contiguous().float()


def gen(kind, shape):
    if kind.startswith("idx"):            # integral indices in [0, n), duplicates allowed
        return torch.randint(0, int(kind[3:]), shape).float()
    if kind.startswith("perm"):           # "perm5d1": in [0, 5), distinct along dim 1
        n, d = kind[4:].split("d")
        return distinct(int(n), shape, int(d))
    if kind == "mask":
        return (torch.rand(shape) < 0.5).float()
    assert kind == "randn", kind
    return torch.randn(shape).float()


def fixed(values, grad=False):
    return (torch.tensor(values, dtype=torch.float32), grad)


CASES = [
    # F.interpolate, nearest: by size (up, down, exactly doubled), by scale factor, 3-D input
    ("interp_nearest_size_up", 'F.interpolate(x[0], new int[]{7, 9}, "nearest")', [I([2, 3, 4, 5])]),
    ("interp_nearest_size_down", 'F.interpolate(x[0], new int[]{4, 3}, "nearest")', [I([1, 2, 6, 7])]),
    ("interp_nearest_size_doubled", 'F.interpolate(x[0], new int[]{6, 8}, "nearest")', [I([1, 2, 3, 4])]),
    ("interp_nearest_one_size", 'F.interpolate(x[0], new int[]{5}, "nearest")', [I([1, 2, 3, 4])]),
    ("interp_nearest_scale", 'F.interpolate(x[0], new float[]{1.5f, 2.5f}, "nearest")', [I([1, 2, 4, 5])]),
    ("interp_nearest_scale_down", 'F.interpolate(x[0], new float[]{0.5f, 0.75f}, "nearest")', [I([1, 2, 7, 9])]),
    ("interp_nearest_scale_not_size_ratio", 'F.interpolate(x[0], new float[]{1.7f}, "nearest")', [I([1, 2, 5, 6])]),
    ("interp_nearest_1d_size", 'F.interpolate(x[0], new int[]{8}, "nearest")', [I([2, 3, 5])]),
    ("interp_nearest_1d_scale", 'F.interpolate(x[0], new float[]{1.75f}, "nearest")', [I([2, 3, 4])]),
    # F.interpolate, bilinear: align_corners false and true, up and down, by size and by scale
    ("interp_bilinear_size_up", 'F.interpolate(x[0], new int[]{7, 8}, "bilinear", false)', [I([2, 2, 4, 5])]),
    ("interp_bilinear_size_up_default", 'F.interpolate(x[0], new int[]{6, 9}, "bilinear")', [I([1, 3, 3, 4])]),
    ("interp_bilinear_size_up_align", 'F.interpolate(x[0], new int[]{7, 8}, "bilinear", true)', [I([2, 2, 4, 5])]),
    ("interp_bilinear_size_down", 'F.interpolate(x[0], new int[]{3, 4}, "bilinear", false)', [I([1, 2, 7, 9])]),
    ("interp_bilinear_size_down_align", 'F.interpolate(x[0], new int[]{3, 4}, "bilinear", true)', [I([1, 2, 7, 9])]),
    ("interp_bilinear_one_dim_same", 'F.interpolate(x[0], new int[]{4, 10}, "bilinear", false)', [I([1, 2, 4, 3])]),
    ("interp_bilinear_to_one_align", 'F.interpolate(x[0], new int[]{1, 3}, "bilinear", true)', [I([1, 2, 4, 5])]),
    ("interp_bilinear_scale_2", 'F.interpolate(x[0], new float[]{2f}, "bilinear", false)', [I([1, 2, 3, 4])]),
    ("interp_bilinear_scale_mixed", 'F.interpolate(x[0], new float[]{1.5f, 0.75f}, "bilinear", false)', [I([2, 2, 5, 8])]),
    ("interp_bilinear_scale_not_size_ratio", 'F.interpolate(x[0], new float[]{1.7f, 2.3f}, "bilinear", false)', [I([1, 1, 5, 4])]),
    ("interp_bilinear_scale_align", 'F.interpolate(x[0], new float[]{1.5f, 2.5f}, "bilinear", true)', [I([1, 2, 4, 3])]),
    ("interp_bilinear_in_a_net", 'F.interpolate(x[0].mul(x[1]), new int[]{5, 6}, "bilinear", false).tanh()',
     [I([1, 2, 3, 4]), I([1, 2, 3, 4])]),
    # F.interpolate, linear on [N, C, L]
    ("interp_linear_size_up", 'F.interpolate(x[0], new int[]{9}, "linear", false)', [I([2, 3, 4])]),
    ("interp_linear_size_up_align", 'F.interpolate(x[0], new int[]{9}, "linear", true)', [I([2, 3, 4])]),
    ("interp_linear_size_down", 'F.interpolate(x[0], new int[]{3}, "linear")', [I([2, 2, 8])]),
    ("interp_linear_scale", 'F.interpolate(x[0], new float[]{2.5f}, "linear", false)', [I([1, 3, 4])]),
    # scatter / scatterAdd
    ("scatter_dim0", "x[0].scatter(0, x[1], x[2])", [I([4, 5]), I([3, 5], "perm4d0", False), I([3, 5])]),
    ("scatter_dim1_src_larger", "x[0].scatter(1, x[1], x[2])", [I([3, 5]), I([3, 2], "perm5d1", False), I([4, 3], grad=False)]),
    ("scatter_index_smaller_than_input", "x[0].scatter(1, x[1], x[2])", [I([4, 6]), I([2, 3], "perm6d1", False), I([2, 3])]),
    ("scatter_3d_neg_dim", "x[0].scatter(-1, x[1], x[2])", [I([2, 3, 4]), I([2, 3, 2], "perm4d2", False), I([2, 3, 2])]),
    ("scatter_src_no_grad", "x[0].scatter(1, x[1], x[2])", [I([3, 4]), I([3, 2], "perm4d1", False), I([3, 2], grad=False)]),
    ("scatter_value", "x[0].scatter(1, x[1], 2.5f)", [I([3, 5]), I([3, 2], "perm5d1", False)]),
    ("scatter_value_dups", "x[0].scatter(0, x[1], -1f)", [I([4, 3]), I([5, 3], "idx4", False)]),
    ("scatter_add_dim0_dups", "x[0].scatterAdd(0, x[1], x[2])", [I([4, 3]), I([6, 3], "idx4", False), I([6, 3])]),
    ("scatter_add_dim1_src_larger", "x[0].scatterAdd(1, x[1], x[2])", [I([3, 4]), I([2, 5], "idx4", False), I([3, 6], grad=False)]),
    ("scatter_add_3d", "x[0].scatterAdd(1, x[1], x[2])", [I([2, 3, 4]), I([2, 5, 4], "idx3", False), I([2, 5, 4])]),
    ("scatter_add_self_no_grad", "x[0].scatterAdd(0, x[1], x[2])", [I([3, 2], grad=False), I([4, 2], "idx3", False), I([4, 2])]),
    # indexPut: x[idx] = v, x[i, j] = v (broadcast indices), negative indices, accumulate, masks
    ("index_put_rows", "x[0].indexPut(new Tensor[]{x[1]}, x[2])", [I([5, 3]), fixed([3.0, 0.0, 4.0]), I([3, 3])]),
    ("index_put_rows_broadcast_value", "x[0].indexPut(new Tensor[]{x[1]}, x[2])", [I([5, 3]), fixed([1.0, 4.0]), I([3])]),
    ("index_put_scalar_value", "x[0].indexPut(new Tensor[]{x[1]}, x[2])", [I([4, 2]), fixed([2.0, 0.0]), I([])]),
    ("index_put_two_dims", "x[0].indexPut(new Tensor[]{x[1], x[2]}, x[3], false)",
     [I([4, 5]), fixed([0.0, 3.0, 2.0]), fixed([4.0, 1.0, 1.0]), I([3])]),
    ("index_put_broadcast_indices", "x[0].indexPut(new Tensor[]{x[1], x[2]}, x[3])",
     [I([4, 5, 2]), fixed([[3.0], [0.0], [1.0]]), fixed([[1.0, 4.0]]), I([3, 2, 2])]),
    ("index_put_negative_indices", "x[0].indexPut(new Tensor[]{x[1]}, x[2])", [I([4, 3]), fixed([-1.0, 0.0]), I([2, 3])]),
    ("index_put_accumulate_dups", "x[0].indexPut(new Tensor[]{x[1]}, x[2], true)", [I([4, 3]), fixed([1.0, 3.0, 1.0, 1.0]), I([4, 3])]),
    ("index_put_accumulate_two_dims", "x[0].indexPut(new Tensor[]{x[1], x[2]}, x[3], true)",
     [I([3, 4]), fixed([0.0, 2.0, 0.0]), fixed([1.0, 3.0, 1.0]), I([3])]),
    ("index_put_mask", "x[0].indexPut(x[1], x[2])", [I([3, 4]), I([3, 4], "mask", False), I([])]),
    ("index_put_mask_rows", "x[0].indexPut(x[1], x[2])", [I([4, 3]), fixed([1.0, 0.0, 1.0, 1.0]), I([3])]),
    # clone
    ("clone", "x[0].clone().mul(x[0])", [I([3, 4])]),
    ("clone_of_view", "x[0].transpose(0, 1).clone()", [I([2, 3])]),
]


def main():
    torch.manual_seed(2026)
    cases = expression_cases(CASES, gen, eval_expr)
    write_json("recipe_ops_a.json", cases)


if __name__ == "__main__":
    main()

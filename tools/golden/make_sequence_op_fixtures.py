#!/usr/bin/python3
# Golden fixtures for the tensor ops a small GPT needs (cat, stack, split, chunk, narrow,
# indexSelect, gather, maskedFill, where, tril/triu, var, std, erf, gelu, clamp, maximum, topk,
# arange), from PyTorch 1.13.
#
# Writes engine/src/test/resources/golden/sequence_ops.json in the case format of
# tensor_ops.json (see tools/golden/README.md): each case has a Java expression over x[0], x[1], ...,
# its inputs, PyTorch's output and the gradient of sum(output * upstream) for every input that
# requires grad. One case, erf_ulp_grid, also carries "reference": erf evaluated in float64 and
# rounded to float32, for the ulp test of the CPU erf.
#
# multinomial and randint are not here: Hookbook draws from Java's generator, whose stream is not
# PyTorch's, so their tests check statistics and reproducibility instead (SamplingTest).
#
# Re-run from the repository root with Debian's PyTorch: /usr/bin/python3 tools/golden/make_sequence_op_fixtures.py
# The output is deterministic: re-running rewrites an identical file.

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import F32, OUT, T, I, java_to_python, max_err, tensor_json, write_json  # noqa: E402
from fixture_cases import expression_cases, run_expression  # noqa: E402

torch.set_num_threads(1)


class JList(list):
    """A Java List<Tensor>: expressions take pieces with .get(i)."""

    def get(self, i):
        return self[i]


class S(T):
    """The wave-2 Tensor methods of API.md, mapped onto torch."""

    def split(self, size, dim): return JList(S(p) for p in torch.split(self.t, size, dim))
    def chunk(self, n, dim): return JList(S(p) for p in torch.chunk(self.t, n, dim))
    def narrow(self, d, start, length): return S(self.t.narrow(d, start, length))
    def indexSelect(self, d, idx): return S(self.t.index_select(d, idx.t.long()))
    def gather(self, d, idx): return S(self.t.gather(d, idx.t.long()))
    def maskedFill(self, m, v): return S(self.t.masked_fill(m.t != 0, v))
    def tril(self): return S(torch.tril(self.t))
    def triu(self): return S(torch.triu(self.t))
    def var(self, d, keep): return S(self.t.var(d, keepdim=keep))
    def std(self, d, keep): return S(self.t.std(d, keepdim=keep))
    def erf(self): return S(torch.erf(self.t))
    def gelu(self): return S(F.gelu(self.t))
    def clamp(self, lo, hi): return S(self.t.clamp(lo, hi))
    def maximum(self, o): return S(torch.maximum(self.t, o.t))
    def topk(self, k, d): return S(self.t.topk(k, d).values)
    def topkIndices(self, k, d): return S(self.t.topk(k, d).indices.to(self.t.dtype))


# The methods of T return plain T objects; wrap them so chains keep the S methods.
for _name in ("add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu",
              "matmul", "sum", "mean", "max", "argmax", "eq", "reshape", "view", "flatten", "transpose", "permute",
              "softmax", "logSoftmax"):
    def _wrap(f):
        return lambda self, *a: S(f(self, *a).t)
    setattr(S, _name, _wrap(getattr(T, _name)))


class TensorStatics:
    """Tensor.cat(...) and the other static factories of the Java API."""
    dtype = torch.float32

    @staticmethod
    def cat(d, *xs): return S(torch.cat([x.t for x in xs], d))

    @staticmethod
    def stack(d, *xs): return S(torch.stack([x.t for x in xs], d))

    @staticmethod
    def where(c, a, b): return S(torch.where(c.t != 0, a.t, b.t))

    @classmethod
    def tril(cls, n): return S(torch.tril(torch.ones(n, n, dtype=cls.dtype)))

    @classmethod
    def triu(cls, n): return S(torch.triu(torch.ones(n, n, dtype=cls.dtype)))

    @classmethod
    def ones(cls, *shape): return S(torch.ones(*shape, dtype=cls.dtype))

    @classmethod
    def arange(cls, a, b): return S(torch.arange(a, b).to(cls.dtype))


def eval_expr(expr, tensors, dtype):
    TensorStatics.dtype = dtype
    env = {"x": [S(t) for t in tensors], "Tensor": TensorStatics}
    return eval(java_to_python(expr), {"__builtins__": {}}, env).t


def gen(kind, shape):
    if kind.startswith("idx"):            # integral indices in [0, n), as float tensors
        return torch.randint(0, int(kind[3:]), shape).float()
    if kind == "mask":                    # 0/1 values
        return (torch.rand(shape) < 0.5).float()
    if kind == "wide":                    # erf/gelu over their interesting range
        return (torch.randn(shape) * 2.5).float()
    if kind == "int":                     # small integers: ties for maximum
        return torch.randint(-2, 3, shape).float()
    assert kind == "randn", kind
    return torch.randn(shape).float()


def fixed(values, grad=True):
    return (torch.tensor(values, dtype=torch.float32), grad)


ERF_TAILS = [-9.0, -6.0, -4.5, -4.0, -3.9, -3.5, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.5, 3.5, 3.9, 4.0, 4.5, 6.0, 9.0]
ERF_TINY = [1e-30, -1e-30, 1e-20, 1e-10, -1e-10, 1e-6, -1e-6, 1e-4, 1e-3, -1e-3, 0.01, 0.1]
GELU_TAILS = [-12.0, -8.0, -6.0, -5.0, -4.0, -3.0, -2.0, -1.0, -0.1, 0.0, 0.1, 1.0, 2.0, 3.0, 5.0, 8.0]

ATTENTION = ("x[0].matmul(x[1]).split(4, -1).get(0)"
             ".matmul(x[0].matmul(x[1]).split(4, -1).get(1).transpose(0, 1)).mul(0.5f)"
             ".maskedFill(Tensor.ones(3, 3).sub(Tensor.tril(3)), -1e9f).softmax(-1)"
             ".matmul(x[0].matmul(x[1]).split(4, -1).get(2))")

# (name, java expression, inputs): an input is I(shape, kind, grad) or fixed(values, grad)
CASES = [
    ("cat_dim0", "Tensor.cat(0, x[0], x[1])", [I([2, 3]), I([4, 3])]),
    ("cat_dim1_three", "Tensor.cat(1, x[0], x[1], x[2])", [I([2, 1]), I([2, 3]), I([2, 2])]),
    ("cat_neg_dim_3d", "Tensor.cat(-1, x[0], x[1])", [I([2, 3, 2]), I([2, 3, 1])]),
    ("cat_no_grad_operand", "Tensor.cat(0, x[0], x[1])", [I([1, 3]), I([2, 3], grad=False)]),
    ("cat_same_tensor_twice", "Tensor.cat(1, x[0], x[0])", [I([2, 3])]),
    ("stack_dim0", "Tensor.stack(0, x[0], x[1])", [I([2, 3]), I([2, 3])]),
    ("stack_mid_dim", "Tensor.stack(1, x[0], x[1], x[2])", [I([2, 3]), I([2, 3]), I([2, 3])]),
    ("stack_last_dim", "Tensor.stack(-1, x[0], x[1])", [I([3, 2]), I([3, 2])]),
    ("split_first", "x[0].split(2, 1).get(0)", [I([3, 5])]),
    ("split_last_smaller", "x[0].split(2, 1).get(2)", [I([3, 5])]),
    ("split_pieces_combined", "x[0].split(2, 0).get(0).mul(x[0].split(2, 0).get(1))", [I([4, 3])]),
    ("chunk_middle", "x[0].chunk(3, 0).get(1)", [I([7, 2])]),
    ("chunk_neg_dim", "x[0].chunk(2, -1).get(1)", [I([2, 5])]),
    ("narrow_dim1", "x[0].narrow(1, 1, 2)", [I([3, 4])]),
    ("narrow_neg_start", "x[0].narrow(0, -2, 2)", [I([4, 3])]),
    ("narrow_matmul", "x[0].narrow(-1, 0, 3).matmul(x[1])", [I([2, 5]), I([3, 2])]),
    ("index_select_dim0", "x[0].indexSelect(0, x[1])", [I([4, 3]), I([5], "idx4", False)]),
    ("index_select_last_dim_repeats", "x[0].indexSelect(2, x[1])", [I([2, 3, 4]), fixed([3.0, 0.0, 3.0, 3.0, 1.0], False)]),
    ("index_select_embedding_like", "x[0].indexSelect(0, x[1]).sum(1, false)", [I([6, 4]), fixed([5.0, 5.0, 0.0, 2.0, 5.0], False)]),
    ("gather_dim1", "x[0].gather(1, x[1])", [I([3, 4]), I([3, 2], "idx4", False)]),
    ("gather_dim0_smaller_index", "x[0].gather(0, x[1])", [I([4, 3]), I([2, 2], "idx4", False)]),
    ("gather_3d_neg_dim", "x[0].gather(-1, x[1])", [I([2, 3, 4]), I([2, 3, 5], "idx4", False)]),
    ("masked_fill_mask", "x[0].maskedFill(x[1], -2.5f)", [I([3, 4]), I([3, 4], "mask", False)]),
    ("masked_fill_broadcast_mask", "x[0].maskedFill(x[1], 0f)", [I([2, 3, 4]), I([3, 4], "mask", False)]),
    ("masked_fill_causal_softmax", "x[0].maskedFill(Tensor.ones(4, 4).sub(Tensor.tril(4)), -1e9f).softmax(-1)", [I([2, 4, 4])]),
    ("where_same_shape", "Tensor.where(x[0], x[1], x[2])", [I([3, 4], "mask", False), I([3, 4]), I([3, 4])]),
    ("where_broadcast", "Tensor.where(x[0], x[1], x[2])", [I([3, 1], "mask", False), I([1, 4]), I([3, 4])]),
    ("where_no_grad_branch", "Tensor.where(x[0], x[1], x[2])", [I([2, 3], "mask", False), I([2, 3]), I([3], grad=False)]),
    ("tril_static", "Tensor.tril(4)", []),
    ("triu_static", "Tensor.triu(3)", []),
    ("tril_instance", "x[0].tril()", [I([3, 4])]),
    ("triu_instance_batched", "x[0].triu()", [I([2, 3, 3])]),
    ("var_dim1", "x[0].var(1, false)", [I([3, 5])]),
    ("var_dim0_keep", "x[0].var(0, true)", [I([4, 3])]),
    ("var_neg_dim_3d", "x[0].var(-1, false)", [I([2, 3, 4])]),
    ("std_dim1", "x[0].std(1, false)", [I([3, 5])]),
    ("std_keep_3d", "x[0].std(1, true)", [I([2, 3, 4])]),
    ("layer_norm_with_var", "x[0].sub(x[0].mean(-1, true)).div(x[0].var(-1, true).add(1e-5f).sqrt())", [I([3, 6])]),
    ("erf", "x[0].erf()", [I([3, 5], "wide")]),
    ("erf_tails", "x[0].erf()", [fixed(ERF_TAILS)]),
    ("erf_tiny", "x[0].erf()", [fixed(ERF_TINY)]),
    ("gelu", "x[0].gelu()", [I([3, 5], "wide")]),
    ("gelu_tails", "x[0].gelu()", [fixed(GELU_TAILS)]),
    ("gelu_mlp", "x[0].matmul(x[1]).gelu().matmul(x[2])", [I([2, 3]), I([3, 5]), I([5, 2])]),
    ("clamp", "x[0].clamp(-0.5f, 0.5f)", [I([3, 5])]),
    ("clamp_min_above_max", "x[0].clamp(0.5f, -0.5f)", [I([2, 3])]),
    ("maximum_same_shape", "x[0].maximum(x[1])", [I([3, 4]), I([3, 4])]),
    ("maximum_broadcast", "x[0].maximum(x[1])", [I([3, 1]), I([4])]),
    ("maximum_ties_split_gradient", "x[0].maximum(x[1])", [I([3, 4], "int"), I([3, 4], "int")]),
    ("topk_dim1", "x[0].topk(2, 1)", [I([3, 5])]),
    ("topk_dim0_all", "x[0].topk(4, 0)", [I([4, 3])]),
    ("topk_neg_dim_3d", "x[0].topk(3, -1)", [I([2, 3, 5])]),
    ("topk_indices", "x[0].topkIndices(3, -1)", [I([3, 6], grad=False)]),
    ("topk_indices_dim0", "x[0].topkIndices(2, 0)", [I([4, 3], grad=False)]),
    ("arange_start_end", "Tensor.arange(2, 7)", []),
    ("arange_negative_start", "Tensor.arange(-3, 2)", []),
    ("causal_attention_from_split", ATTENTION, [I([3, 4]), I([4, 12])]),
]


def run(expr, datas, req, dtype):
    return run_expression(eval_expr, expr, datas, req, dtype)


def erf_ulp_grid():
    """erf over a grid from tiny to tail values, with PyTorch's float32 result and the float64 one rounded."""
    mags = np.concatenate([np.geomspace(1e-38, 1e-3, 40), np.linspace(1e-3, 1.0, 60), np.linspace(1.0, 4.5, 80)])
    x = torch.tensor(np.concatenate([mags, -mags[::7]]), dtype=torch.float32)
    reference = torch.erf(x.double()).float()
    return x, reference


def check_topk_distinct(case, datas):
    """topk inputs have no ties, so the chosen indices do not depend on how ties are broken."""
    if "topk" in case["expr"]:
        assert datas[0].unique().numel() == datas[0].numel(), case["name"]


def main():
    torch.manual_seed(2024)
    cases = expression_cases(CASES, gen, eval_expr, check_topk_distinct)

    x, reference = erf_ulp_grid()
    xs, out = run("x[0].erf()", [x], [False], torch.float32)
    cases.append({"name": "erf_ulp_grid", "expr": "x[0].erf()",
                  "inputs": [dict(tensor_json(x), requiresGrad=False)], "output": tensor_json(out),
                  "upstream": None, "grads": None, "reference": tensor_json(reference),
                  "tol": 1e-5, "f64MaxErr": float("%.3g" % max_err(out, torch.erf(x.double())))})
    write_json("sequence_ops.json", cases)


if __name__ == "__main__":
    main()

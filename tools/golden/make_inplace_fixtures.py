#!/usr/bin/python3
# Golden fixtures for the in-place element-wise forms (addInPlace, subInPlace, mulInPlace,
# divInPlace, reluInPlace, expInPlace, tanhInPlace, sigmoidInPlace, negInPlace, clampInPlace,
# fillInPlace: PyTorch's add_, sub_, mul_, div_, relu_, exp_, tanh_, sigmoid_, neg_, clamp_, fill_), from
# PyTorch 1.13: values, and gradients through the new history an in-place op gives its target.
#
# Writes engine/src/test/resources/golden/inplace_ops.json in the case format of tensor_ops.json
# (see tools/golden/README.md). Each expression starts from an out-of-place op, since an
# in-place change of a leaf that requires grad is refused, by PyTorch as by Hookbook.
#
# Re-run from the repository root with Debian's PyTorch: /usr/bin/python3 tools/golden/make_inplace_fixtures.py
# The output is deterministic: re-running rewrites an identical file.

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import T, I, gen, java_to_python, write_json  # noqa: E402
from fixture_cases import expression_cases  # noqa: E402

torch.set_num_threads(1)


class P(T):
    """Tensor's in-place forms mapped onto torch's trailing-underscore methods (on the same tensor)."""

    def addInPlace(self, o): self.t.add_(T._v(o)); return self
    def subInPlace(self, o): self.t.sub_(T._v(o)); return self
    def mulInPlace(self, o): self.t.mul_(T._v(o)); return self
    def divInPlace(self, o): self.t.div_(T._v(o)); return self
    def reluInPlace(self): self.t.relu_(); return self
    def fillInPlace(self, v): self.t.fill_(v); return self
    def expInPlace(self): self.t.exp_(); return self
    def tanhInPlace(self): self.t.tanh_(); return self
    def sigmoidInPlace(self): self.t.sigmoid_(); return self
    def negInPlace(self): self.t.neg_(); return self
    def clampInPlace(self, lo, hi): self.t.clamp_(lo, hi); return self


# The methods of T return plain T objects; wrap them so chains keep the P methods.
for _name in ("add", "sub", "mul", "div", "exp", "relu", "matmul", "sum", "transpose"):
    def _wrap(f):
        return lambda self, *a: P(f(self, *a).t)
    setattr(P, _name, _wrap(getattr(T, _name)))


def fixed(values, grad=True):
    return (torch.tensor(values, dtype=torch.float32), grad)


def eval_expr(expr, tensors, dtype):
    return eval(java_to_python(expr), {"__builtins__": {}}, {"x": [P(t) for t in tensors]}).t


CASES = [
    ("add_mul_sub_chain", "x[0].mul(2f).addInPlace(x[1]).mulInPlace(x[2]).subInPlace(0.5f)",
     [I([3, 4]), I([3, 4]), I([3, 4])]),
    ("broadcast_operands", "x[0].mul(1f).addInPlace(x[1]).divInPlace(x[2])",
     [I([3, 4]), I([4]), I([3, 1], "pos")]),
    ("div_both_gradients", "x[0].add(1f).divInPlace(x[1]).mul(x[0])", [I([2, 5]), I([2, 5], "pos")]),
    ("relu_then_scalar", "x[0].mul(3f).reluInPlace().mul(x[1]).addInPlace(1f)", [I([4, 3], "away"), I([4, 3])]),
    ("mul_by_itself", "x[0].mul(1f).mulInPlace(x[0].mul(1f))", [I([5])]),
    ("operand_without_grad", "x[0].exp().mul(1f).subInPlace(x[1]).mulInPlace(x[1])", [I([2, 3]), I([2, 3], grad=False)]),
    ("target_without_grad", "x[1].mul(1f).addInPlace(x[0]).mulInPlace(x[0])", [I([2, 3]), I([2, 3], grad=False)]),
    ("in_place_on_transposed_view", "x[0].mul(1f).transpose(0, 1).mulInPlace(x[1]).sum(0, false)",
     [I([3, 2]), I([2, 3])]),
    ("fill_cuts_the_history", "x[0].mul(2f).fillInPlace(1.5f).mul(x[1]).add(x[0])", [I([3]), I([3])]),
    ("matmul_then_relu_in_place", "x[0].matmul(x[1]).reluInPlace().matmul(x[2])",
     [I([3, 4]), I([4, 5]), I([5, 2])]),
    ("exp_in_place", "x[0].mul(0.5f).expInPlace().mul(x[1])", [I([2, 4]), I([2, 4])]),
    ("tanh_in_place", "x[0].add(x[1]).tanhInPlace()", [I([3, 3]), I([3])]),
    ("sigmoid_in_place", "x[0].mul(2f).sigmoidInPlace().mul(x[0])", [I([5])]),
    ("neg_in_place_then_more", "x[0].mul(x[1]).negInPlace().addInPlace(x[1]).expInPlace()", [I([2, 3]), I([2, 3])]),
    ("clamp_in_place", "x[0].mul(1f).clampInPlace(-0.5f, 0.5f).mul(x[1])", [I([4, 4]), I([4, 4])]),
    ("clamp_in_place_ends_included", "x[0].mul(1f).clampInPlace(-1f, 1f)", [fixed([-2.0, -1.0, 0.0, 1.0, 2.0])]),
]


def main():
    torch.manual_seed(2026)
    write_json("inplace_ops.json", expression_cases(CASES, gen, eval_expr))


if __name__ == "__main__":
    main()

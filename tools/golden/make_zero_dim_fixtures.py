#!/usr/bin/python3
# Golden fixtures for topk and gather on 0-dim tensors, from PyTorch 1.13, which reads a 0-dim
# tensor as one element along dim 0: topk(k, 0 or -1) with k 0 or 1 returns that element, 0-dim,
# with index 0; gather takes a 0-dim input or index.
#
# Writes engine/src/test/resources/golden/zero_dim_ops.json in the case format of
# sequence_ops.json (the expressions are evaluated by make_sequence_op_fixtures.py's mapping of
# the Java API onto torch). The errors (k 2, dim 1) are asserted in ZeroDimOpsGoldenTest.
#
# Re-run from the repository root with Debian's PyTorch: /usr/bin/python3 tools/golden/make_zero_dim_fixtures.py
# The output is deterministic: re-running rewrites an identical file.

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import max_err, pick_tol, tensor_json, write_json  # noqa: E402
from make_sequence_op_fixtures import fixed, run  # noqa: E402

torch.set_num_threads(1)

# (name, java expression, inputs): fixed(values, requires grad); a bare float is a 0-dim tensor
CASES = [
    ("topk_0dim_k1", "x[0].topk(1, 0)", [fixed(3.0)]),
    ("topk_0dim_k0_neg_dim", "x[0].topk(0, -1)", [fixed(-1.5)]),
    ("topk_0dim_then_exp", "x[0].topk(1, -1).exp()", [fixed(0.75)]),
    ("topk_indices_0dim", "x[0].topkIndices(1, 0)", [fixed(2.0, False)]),
    ("gather_0dim_input_0dim_index", "x[0].gather(0, x[1])", [fixed(3.0), fixed(0.0, False)]),
    ("gather_0dim_input_1d_index", "x[0].gather(-1, x[1])", [fixed(3.0), fixed([0.0, 0.0, 0.0], False)]),
    ("gather_1d_input_0dim_index", "x[0].gather(0, x[1])", [fixed([0.5, -2.0, 1.25, 4.0]), fixed(2.0, False)]),
    ("gather_1d_input_0dim_index_neg_dim", "x[0].gather(-1, x[1]).mul(x[0].sum())",
     [fixed([0.5, -2.0, 1.25]), fixed(0.0, False)]),
]


def case(name, expr, specs):
    datas = [d for d, _ in specs]
    req = [g for _, g in specs]
    xs, out = run(expr, datas, req, torch.float32)
    xs64, out64 = run(expr, datas, req, torch.float64)
    c = {"name": name, "expr": expr,
         "inputs": [dict(tensor_json(d), requiresGrad=g) for d, g in zip(datas, req)],
         "output": tensor_json(out), "upstream": None, "grads": None}
    err = max_err(out, out64)
    if out.requires_grad:
        up = torch.full(out.shape, 1.5) + torch.arange(out.numel()).reshape(out.shape)
        out.backward(up)
        out64.backward(up.double())
        c["upstream"] = tensor_json(up)
        c["grads"] = [tensor_json(x.grad) if g else None for x, g in zip(xs, req)]
        err = max([err] + [max_err(x.grad, x64.grad) for x, x64, g in zip(xs, xs64, req) if g])
    c["tol"] = pick_tol(err)
    c["f64MaxErr"] = float("%.3g" % err)
    return c


def main():
    write_json("zero_dim_ops.json", [case(*spec) for spec in CASES])


if __name__ == "__main__":
    main()

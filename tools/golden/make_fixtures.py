#!/usr/bin/python3
# Golden fixtures from PyTorch for the Hookbook Java tests.
#
# Writes, under engine/src/test/resources/golden/:
#   tensor_ops.json     one case per Tensor op / expression of API.md (value + gradients)
#   mlp.json, cnn.json  state dicts, input, targets, output, loss, parameter grads,
#                       running stats after a training forward, eval output, repr
#   hooks.json          module/global hook call log of the MLP, and hooks replacing values
#   optim.json          SGD (plain, momentum + weight decay) and Adam: 3 steps each
#   layers.json         conv2d, max_pool2d, batch_norm, leaky_relu, softmax, losses
#   mlp.safetensors     an MLP trained for a few steps (hand-written safetensors, F32)
#   mlp_trained.json    input and expected output of that trained MLP
#
# Re-run from the repository root with Debian's PyTorch (the python3 on PATH has no torch):
#   /usr/bin/python3 tools/golden/make_fixtures.py
# The output is deterministic (fixed seeds, one thread): re-running rewrites identical files.
# See tools/golden/README.md for the file formats.

import json
import math
import os
import re
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "engine", "src", "test", "resources", "golden")

# Tolerance rule (documented in README.md): a case gets TOL_STRICT unless PyTorch's own
# float32 result differs from a float64 evaluation of the same float32 inputs by more than
# TOL_STRICT / 3 (error measured as |a - b| / max(1, |b|)); then it gets TOL_LOOSE.
TOL_STRICT = 1e-5
TOL_LOOSE = 1e-4


# ---------------------------------------------------------------------------------------
# JSON output: float32 values are written as the shortest decimal that parses back to the
# same float32 (Float.parseFloat in Java, and also float() then float32 in Python).

class F32:
    """Marker for a flat float32 array to be written on one line."""

    def __init__(self, arr):
        # a copy: tensor.numpy() shares memory, and in-place updates (running stats) come later
        self.arr = np.array(arr, dtype=np.float32, copy=True).reshape(-1)


def f32_str(v):
    v = np.float32(v)
    if not np.isfinite(v):
        raise ValueError("non-finite value in fixture: %r" % v)
    s = str(v)  # numpy: shortest repr that round-trips as float32
    if np.float32(float(s)) != v:
        raise AssertionError("float32 round-trip failed for " + s)
    return s


def tensor_json(t):
    t = t.detach().cpu()
    return {"shape": list(t.shape), "data": F32(t.to(torch.float32).numpy())}


def int_tensor_json(t):
    t = t.detach().cpu()
    return {"shape": list(t.shape), "dtype": "int64", "data": [int(v) for v in t.reshape(-1).tolist()]}


def _is_inline(o):
    if isinstance(o, F32):
        return True
    if isinstance(o, (str, int, float, bool)) or o is None:
        return True
    if isinstance(o, list):
        return all(isinstance(e, (int, float, str)) or e is None or
                   (isinstance(e, list) and all(isinstance(x, int) for x in e)) for e in o)
    if isinstance(o, dict):
        return "shape" in o and "data" in o and all(_is_inline(v) for v in o.values())
    return False


def _dump_inline(o):
    if isinstance(o, F32):
        return "[" + ",".join(f32_str(v) for v in o.arr) + "]"
    if isinstance(o, dict):
        return "{" + ", ".join(json.dumps(k) + ": " + _dump_inline(v) for k, v in o.items()) + "}"
    if isinstance(o, list):
        return "[" + ",".join(_dump_inline(e) for e in o) + "]"
    if isinstance(o, float):
        return json.dumps(o)
    return json.dumps(o)


def dump(o, level=0):
    if _is_inline(o):
        return _dump_inline(o)
    pad = "  " * (level + 1)
    end = "  " * level
    if isinstance(o, dict):
        items = [pad + json.dumps(k) + ": " + dump(v, level + 1) for k, v in o.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(o, list):
        items = [pad + dump(v, level + 1) for v in o]
        return "[\n" + ",\n".join(items) + "\n" + end + "]"
    raise TypeError(type(o))


def write_json(name, obj):
    path = os.path.join(OUT, name)
    text = dump(obj) + "\n"
    json.loads(text)  # well-formed
    with open(path, "w") as f:
        f.write(text)
    print("wrote %-20s %8d bytes" % (name, len(text)))


def max_err(a32, b64):
    """max |a - b| / max(1, |b|) between a float32 tensor and a float64 reference."""
    a = a32.detach().double()
    b = b64.detach().double()
    if a.numel() == 0:
        return 0.0
    return float(((a - b).abs() / b.abs().clamp(min=1.0)).max())


def pick_tol(err):
    if err * 3 <= TOL_STRICT:
        return TOL_STRICT
    if err * 3 <= TOL_LOOSE:
        return TOL_LOOSE
    raise AssertionError("PyTorch float32 differs from float64 by %g" % err)


# ---------------------------------------------------------------------------------------
# Tensor ops. Each expression is written once, in Java syntax, and evaluated here through a
# thin wrapper that maps the API.md method names onto torch. The Java test holds the same
# expressions as lambdas `x -> ...` over the inputs x[0], x[1], ...

class T:
    def __init__(self, t):
        self.t = t

    @staticmethod
    def _v(o):
        return o.t if isinstance(o, T) else o

    def add(self, o): return T(self.t + T._v(o))
    def sub(self, o): return T(self.t - T._v(o))
    def mul(self, o): return T(self.t * T._v(o))
    def div(self, o): return T(self.t / T._v(o))
    def neg(self): return T(-self.t)
    def pow(self, p): return T(self.t.pow(float(p)))
    def exp(self): return T(self.t.exp())
    def log(self): return T(self.t.log())
    def sqrt(self): return T(self.t.sqrt())
    def abs(self): return T(self.t.abs())
    def tanh(self): return T(self.t.tanh())
    def sigmoid(self): return T(self.t.sigmoid())
    def relu(self): return T(self.t.relu())
    def matmul(self, o): return T(self.t.matmul(o.t))

    def sum(self, dim=None, keep=False):
        return T(self.t.sum()) if dim is None else T(self.t.sum(dim, keepdim=keep))

    def mean(self, dim=None, keep=False):
        return T(self.t.mean()) if dim is None else T(self.t.mean(dim, keepdim=keep))

    def max(self, dim): return T(self.t.max(dim).values)
    def argmax(self, dim): return T(self.t.argmax(dim).to(self.t.dtype))
    def eq(self, o): return T((self.t == o.t).to(self.t.dtype))
    def reshape(self, *s): return T(self.t.reshape(*s))
    def view(self, *s): return T(self.t.view(*s))
    def flatten(self, start): return T(torch.flatten(self.t, start))
    def transpose(self, a, b): return T(self.t.transpose(a, b))
    def permute(self, *d): return T(self.t.permute(*d))
    def softmax(self, d): return T(torch.softmax(self.t, d))
    def logSoftmax(self, d): return T(torch.log_softmax(self.t, d))


def java_to_python(expr):
    e = re.sub(r"(\d+(?:\.\d*)?(?:[eE]-?\d+)?)f\b", r"\1", expr)
    return e.replace("true", "True").replace("false", "False")


def eval_expr(expr, tensors):
    return eval(java_to_python(expr), {"__builtins__": {}}, {"x": [T(t) for t in tensors]}).t


def gen(kind, shape):
    n = int(np.prod(shape)) if len(shape) else 1
    if kind == "randn":
        t = torch.randn(shape)
    elif kind == "pos":          # in [0.5, 2.0): for log, sqrt, pow(0.5), pow(-1), div
        t = torch.rand(shape) * 1.5 + 0.5
    elif kind == "away":         # |x| in [0.2, 1.7), random sign: abs, relu away from 0
        t = (torch.rand(shape) * 1.5 + 0.2) * torch.where(torch.rand(shape) < 0.5, -1.0, 1.0)
    elif kind == "int":          # small integers, so that eq finds equal elements
        t = torch.randint(-2, 3, shape).float()
    elif kind == "onehot":       # rows of a one-hot matrix [N, C]
        t = F.one_hot(torch.randint(0, shape[1], (shape[0],)), shape[1]).float()
    elif kind == "big":          # large logits for softmax stability
        t = torch.randn(shape) * 40
    else:
        raise ValueError(kind)
    assert t.numel() == n
    return t.float().contiguous()


# (name, java expression over x[...], [(shape, kind, requires_grad)])
def I(shape, kind="randn", grad=True):
    return (list(shape), kind, grad)


TENSOR_CASES = [
    # elementwise binary, same shape and broadcasting
    ("add_same", "x[0].add(x[1])", [I([3, 4]), I([3, 4])]),
    ("add_bcast_3x1_4", "x[0].add(x[1])", [I([3, 1]), I([4])]),
    ("add_bcast_234_4", "x[0].add(x[1])", [I([2, 3, 4]), I([4])]),
    ("add_bcast_0d", "x[0].add(x[1])", [I([3, 4]), I([])]),
    ("add_scalar", "x[0].add(2.5f)", [I([3, 4])]),
    ("sub_same", "x[0].sub(x[1])", [I([3, 4]), I([3, 4])]),
    ("sub_bcast_234_31", "x[0].sub(x[1])", [I([2, 3, 4]), I([3, 1])]),
    ("sub_bcast_4_31", "x[0].sub(x[1])", [I([4]), I([3, 1])]),
    ("mul_same", "x[0].mul(x[1])", [I([3, 4]), I([3, 4])]),
    ("mul_bcast_234_31", "x[0].mul(x[1])", [I([2, 3, 4]), I([3, 1])]),
    ("mul_bcast_214_31", "x[0].mul(x[1])", [I([2, 1, 4]), I([3, 1])]),
    ("mul_bcast_1", "x[0].mul(x[1])", [I([3, 4]), I([1])]),
    ("mul_scalar", "x[0].mul(-1.5f)", [I([3, 4])]),
    ("mul_no_grad_operand", "x[0].mul(x[1])", [I([3, 4]), I([3, 4], grad=False)]),
    ("div_same", "x[0].div(x[1])", [I([3, 4]), I([3, 4], "pos")]),
    ("div_bcast_34_4", "x[0].div(x[1])", [I([3, 4]), I([4], "pos")]),
    ("div_bcast_234_211", "x[0].div(x[1])", [I([2, 3, 4]), I([2, 1, 1], "pos")]),
    ("div_bcast_numerator", "x[0].div(x[1])", [I([4]), I([3, 4], "pos")]),
    # elementwise unary
    ("neg", "x[0].neg()", [I([3, 4])]),
    ("pow_2", "x[0].pow(2f)", [I([3, 4])]),
    ("pow_3_negative_base", "x[0].pow(3f)", [I([3, 4])]),
    ("pow_0.5", "x[0].pow(0.5f)", [I([3, 4], "pos")]),
    ("pow_-1", "x[0].pow(-1f)", [I([3, 4], "pos")]),
    ("pow_1.5", "x[0].pow(1.5f)", [I([3, 4], "pos")]),
    ("exp", "x[0].exp()", [I([3, 4])]),
    ("log", "x[0].log()", [I([3, 4], "pos")]),
    ("sqrt", "x[0].sqrt()", [I([3, 4], "pos")]),
    ("abs", "x[0].abs()", [I([3, 4], "away")]),
    ("tanh", "x[0].tanh()", [I([3, 4])]),
    ("sigmoid", "x[0].sigmoid()", [I([3, 4])]),
    ("relu", "x[0].relu()", [I([3, 4], "away")]),
    # matmul
    ("matmul_2d", "x[0].matmul(x[1])", [I([3, 4]), I([4, 5])]),
    ("matmul_batched", "x[0].matmul(x[1])", [I([2, 3, 4]), I([2, 4, 5])]),
    ("matmul_bcast_batch_right_2d", "x[0].matmul(x[1])", [I([2, 3, 4]), I([4, 5])]),
    ("matmul_bcast_batch_left_2d", "x[0].matmul(x[1])", [I([3, 4]), I([2, 4, 5])]),
    ("matmul_bcast_batch_dims", "x[0].matmul(x[1])", [I([2, 1, 3, 4]), I([3, 4, 2])]),
    # reductions
    ("sum_all", "x[0].sum()", [I([3, 4])]),
    ("sum_all_3d", "x[0].sum()", [I([2, 3, 4])]),
    ("sum_dim0", "x[0].sum(0, false)", [I([3, 4])]),
    ("sum_dim1_keep", "x[0].sum(1, true)", [I([3, 4])]),
    ("sum_dim1_3d", "x[0].sum(1, false)", [I([2, 3, 4])]),
    ("sum_dim0_3d_keep", "x[0].sum(0, true)", [I([2, 3, 4])]),
    ("sum_neg_dim", "x[0].sum(-1, false)", [I([2, 3, 4])]),
    ("sum_neg_dim_keep", "x[0].sum(-2, true)", [I([2, 3, 4])]),
    ("mean_all", "x[0].mean()", [I([3, 4])]),
    ("mean_all_3d", "x[0].mean()", [I([2, 3, 4])]),
    ("mean_dim0", "x[0].mean(0, false)", [I([3, 4])]),
    ("mean_dim1_keep", "x[0].mean(1, true)", [I([2, 3, 4])]),
    ("mean_neg_dim", "x[0].mean(-1, false)", [I([2, 3, 4])]),
    ("mean_neg_dim_keep", "x[0].mean(-3, true)", [I([2, 3, 4])]),
    ("max_dim1", "x[0].max(1)", [I([3, 4])]),
    ("max_dim0", "x[0].max(0)", [I([3, 4])]),
    ("max_dim1_3d", "x[0].max(1)", [I([2, 3, 4])]),
    ("max_neg_dim", "x[0].max(-1)", [I([2, 3, 4])]),
    # softmax family
    ("softmax_dim1", "x[0].softmax(1)", [I([3, 4])]),
    ("softmax_dim0", "x[0].softmax(0)", [I([3, 4])]),
    ("softmax_mid_dim", "x[0].softmax(1)", [I([2, 3, 4])]),
    ("softmax_neg_dim", "x[0].softmax(-1)", [I([2, 3, 4])]),
    ("softmax_large_logits", "x[0].softmax(1)", [I([3, 4], "big")]),
    ("log_softmax_dim1", "x[0].logSoftmax(1)", [I([3, 4])]),
    ("log_softmax_dim0_3d", "x[0].logSoftmax(0)", [I([2, 3, 4])]),
    ("log_softmax_neg_dim", "x[0].logSoftmax(-1)", [I([2, 3, 4])]),
    ("log_softmax_large_logits", "x[0].logSoftmax(-1)", [I([3, 4], "big")]),
    # shape ops
    ("reshape", "x[0].reshape(6, 4)", [I([2, 3, 4])]),
    ("reshape_infer", "x[0].reshape(-1, 2)", [I([2, 3, 4])]),
    ("reshape_to_3d", "x[0].reshape(2, 2, 3)", [I([3, 4])]),
    ("view", "x[0].view(4, 6)", [I([2, 3, 4])]),
    ("view_infer", "x[0].view(3, -1)", [I([2, 3, 4])]),
    ("flatten_0", "x[0].flatten(0)", [I([2, 3, 4])]),
    ("flatten_1", "x[0].flatten(1)", [I([2, 3, 4])]),
    ("flatten_1_4d", "x[0].flatten(1)", [I([2, 3, 2, 2])]),
    ("flatten_neg", "x[0].flatten(-2)", [I([2, 3, 4])]),
    ("transpose_2d", "x[0].transpose(0, 1)", [I([3, 4])]),
    ("transpose_3d_02", "x[0].transpose(0, 2)", [I([2, 3, 4])]),
    ("transpose_neg", "x[0].transpose(-1, -2)", [I([2, 3, 4])]),
    ("permute_3d", "x[0].permute(2, 0, 1)", [I([2, 3, 4])]),
    ("permute_4d", "x[0].permute(0, 2, 3, 1)", [I([2, 3, 2, 2])]),
    # chained expressions
    ("diamond", "x[0].mul(x[1]).add(x[0].mul(x[1].exp()))", [I([3, 4]), I([3, 4])]),
    ("used_twice", "x[0].mul(x[0]).add(x[0])", [I([3, 4])]),
    ("sub_self", "x[0].sub(x[0])", [I([3, 4])]),
    ("linear_relu_sum", "x[0].matmul(x[1]).add(x[2]).relu().sum()", [I([4, 5]), I([5, 3]), I([3])]),
    ("transpose_matmul", "x[0].transpose(0, 1).matmul(x[1])", [I([4, 3]), I([4, 5])]),
    ("matmul_transposed_rhs", "x[0].matmul(x[1].transpose(-1, -2))", [I([2, 3, 4]), I([2, 5, 4])]),
    ("permute_reshape_matmul", "x[0].permute(0, 2, 1).reshape(8, 3).matmul(x[1])", [I([2, 3, 4]), I([3, 2])]),
    ("view_transpose_sum", "x[0].view(6, 4).transpose(0, 1).sum(1, true)", [I([2, 3, 4])]),
    ("broadcast_chain", "x[0].add(x[1]).mul(x[2]).tanh()", [I([3, 1]), I([1, 4]), I([4])]),
    ("tanh_sigmoid_chain", "x[0].tanh().mul(x[1].sigmoid()).sub(x[0].abs().sqrt())", [I([3, 4], "away"), I([3, 4])]),
    ("layer_norm_manual",
     "x[0].sub(x[0].mean(-1, true)).div(x[0].sub(x[0].mean(-1, true)).pow(2f).mean(-1, true).add(1e-5f).sqrt())",
     [I([3, 5])]),
    ("logsumexp_manual", "x[0].sub(x[0].max(1).reshape(3, 1)).exp().sum(1, false).log()", [I([3, 4])]),
    ("cross_entropy_manual", "x[0].logSoftmax(1).mul(x[1]).sum().mul(-0.25f)", [I([4, 5]), I([4, 5], "onehot", False)]),
    ("attention", "x[0].matmul(x[1].transpose(-1, -2)).mul(0.5f).softmax(-1).matmul(x[2])",
     [I([2, 3, 4]), I([2, 3, 4]), I([2, 3, 4])]),
    ("normalize_rows", "x[0].div(x[0].sum(1, true))", [I([3, 4], "pos")]),
    ("l2_norm_rows", "x[0].pow(2f).sum(1, false).sqrt()", [I([3, 4])]),
    ("mse_manual", "x[0].sub(x[1]).pow(2f).mean()", [I([3, 4]), I([3, 4], grad=False)]),
    ("exp_log_chain", "x[0].exp().add(1f).log().mul(x[0].neg().sigmoid())", [I([3, 4])]),
    # not differentiable
    ("argmax_dim1", "x[0].argmax(1)", [I([3, 4], grad=False)]),
    ("argmax_dim0", "x[0].argmax(0)", [I([3, 4], grad=False)]),
    ("argmax_neg_dim", "x[0].argmax(-1)", [I([2, 3, 4], grad=False)]),
    ("eq_same_shape", "x[0].eq(x[1])", [I([3, 4], "int", False), I([3, 4], "int", False)]),
    ("eq_broadcast", "x[0].eq(x[1])", [I([3, 4], "int", False), I([4], "int", False)]),
]


def run_expr(expr, datas, grads, dtype):
    xs = [d.to(dtype).clone().requires_grad_(g) for d, g in zip(datas, grads)]
    out = eval_expr(expr, xs)
    return xs, out


def check_tensor_case(case, datas):
    """The data rules of tensor_ops.json: see tools/golden/README.md."""
    name, expr = case["name"], case["expr"]
    assert (case["grads"] is not None) == any(i["requiresGrad"] for i in case["inputs"]), name
    # data sanity: no ties for max/argmax, no zeros for abs/relu
    if ".max(" in expr or "argmax" in expr:
        m = re.search(r"(?:max|argmax)\((-?\d+)\)", expr)
        d = int(m.group(1))
        s = datas[0].sort(dim=d, descending=True).values
        assert (s.narrow(d, 0, 1) != s.narrow(d, 1, 1)).all(), name
    for inp in case["inputs"]:
        assert inp["data"].arr.size <= 60, name


def make_tensor_ops():
    # Imported here: fixture_cases itself imports this module's JSON and tolerance helpers.
    from fixture_cases import expression_cases
    torch.manual_seed(1234)
    cases = expression_cases(TENSOR_CASES, gen, lambda expr, xs, dtype: eval_expr(expr, xs), check_tensor_case)
    write_json("tensor_ops.json", cases)
    verify_tensor_ops()
    return cases


def verify_tensor_ops():
    """Read the written file back and re-evaluate every case from it: results must be identical."""
    def load(t):
        return torch.tensor([float(v) for v in t["data"]], dtype=torch.float32).reshape(t["shape"])

    with open(os.path.join(OUT, "tensor_ops.json")) as f:
        cases = json.load(f)
    for c in cases:
        datas = [load(i) for i in c["inputs"]]
        req = [i["requiresGrad"] for i in c["inputs"]]
        xs, out = run_expr(c["expr"], datas, req, torch.float32)
        assert torch.equal(out, load(c["output"])), c["name"]
        if c["upstream"] is not None:
            out.backward(load(c["upstream"]))
            for x, g in zip(xs, c["grads"]):
                assert (g is None and x.grad is None) or torch.equal(x.grad, load(g)), c["name"]


# ---------------------------------------------------------------------------------------
# Modules

def state_dict_json(module):
    out = []
    for k, v in module.state_dict().items():
        e = {"name": k}
        if v.dtype == torch.float32:
            e.update(tensor_json(v))
            e["dtype"] = "float32"
        else:
            e.update(int_tensor_json(v))
        out.append(e)
    return out


def named_grads_json(module):
    return [dict(name=k, **tensor_json(p.grad)) for k, p in module.named_parameters()]


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(4 * 4 * 4, 10))


def model_fixture(factory, seed, file):
    torch.manual_seed(seed)
    model = factory()
    x = torch.randn(4, 1, 8, 8)
    y = torch.randint(0, 10, (4,))
    init = state_dict_json(model)
    model64 = factory()
    model64.load_state_dict(model.state_dict())
    model64.double()

    model.train()
    out = model(x)
    loss = nn.CrossEntropyLoss()(out, y)
    loss.backward()
    model64.train()
    out64 = model64(x.double())
    loss64 = nn.CrossEntropyLoss()(out64, y)
    loss64.backward()
    err = max(max_err(out, out64), max_err(loss, loss64))
    for (k, p), (_, p64) in zip(model.named_parameters(), model64.named_parameters()):
        err = max(err, max_err(p.grad, p64.grad))
    after = [e for e in state_dict_json(model) if e["name"] in dict(model.named_buffers())]
    model.eval()
    model64.eval()
    with torch.no_grad():
        out_eval = model(x)
        err = max(err, max_err(out_eval, model64(x.double())))
    write_json(file, {
        "description": "nn.Sequential in training mode: forward on input, CrossEntropyLoss(output, "
                       "targets), backward; then eval mode forward on the same input",
        "repr": repr(model),
        "stateDict": init,
        "input": tensor_json(x),
        "targets": tensor_json(y.float()),
        "output": tensor_json(out),
        "loss": tensor_json(loss),
        "grads": named_grads_json(model),
        "buffersAfterTrainForward": after,
        "evalOutput": tensor_json(out_eval),
        "tol": pick_tol(err),
        "f64MaxErr": float("%.3g" % err),
    })


def shapes(ts):
    if isinstance(ts, torch.Tensor):
        ts = (ts,)
    return [None if t is None else list(t.shape) for t in ts]


def hooks_fixture():
    torch.manual_seed(7)
    model = mlp()
    init = state_dict_json(model)
    x0 = torch.randn(4, 1, 8, 8)
    y = torch.randint(0, 10, (4,))
    paths = {m: p for p, m in model.named_modules()}
    result = {"description": "hook call logs of the MLP; loss is F.cross_entropy(output, targets) "
                             "(a function, so no hooks fire for it)",
              "repr": repr(model), "stateDict": init, "input": tensor_json(x0),
              "targets": tensor_json(y.float())}

    logs = []
    for x_requires_grad in (False, True):
        model.load_state_dict(dict((e["name"], torch.tensor(e["data"].arr).reshape(e["shape"])) for e in init))
        model.zero_grad()
        log = []
        handles = []

        def gpre(m, inp):
            log.append({"kind": "globalForwardPre", "module": paths[m], "inputShapes": shapes(inp)})

        def gfwd(m, inp, out):
            log.append({"kind": "globalForward", "module": paths[m], "inputShapes": shapes(inp),
                        "outputShapes": shapes(out)})

        def pre(m, inp):
            log.append({"kind": "forwardPre", "module": paths[m], "inputShapes": shapes(inp)})

        def fwd(m, inp, out):
            log.append({"kind": "forward", "module": paths[m], "inputShapes": shapes(inp),
                        "outputShapes": shapes(out)})

        def bwd(m, gin, gout):
            e = {"kind": "backward", "module": paths[m], "gradInputShapes": shapes(gin),
                 "gradOutputShapes": shapes(gout)}
            if paths[m] == "3":
                e["gradInput"] = [None if g is None else tensor_json(g) for g in gin]
                e["gradOutput"] = [None if g is None else tensor_json(g) for g in gout]
            log.append(e)

        handles.append(torch.nn.modules.module.register_module_forward_pre_hook(gpre))
        handles.append(torch.nn.modules.module.register_module_forward_hook(gfwd))
        for p, m in model.named_modules():
            handles.append(m.register_forward_pre_hook(pre))
            handles.append(m.register_forward_hook(fwd))
            handles.append(m.register_full_backward_hook(bwd))
        try:
            x = x0.clone().requires_grad_(x_requires_grad)
            out = model(x)
            loss = F.cross_entropy(out, y)
            log.append({"kind": "lossComputed"})
            loss.backward()
        finally:
            for h in handles:
                h.remove()
        entry = {"inputRequiresGrad": x_requires_grad, "calls": log, "output": tensor_json(out),
                 "loss": tensor_json(loss), "grads": named_grads_json(model)}
        if x_requires_grad:
            entry["inputGrad"] = tensor_json(x.grad)
        logs.append(entry)
    result["callLogs"] = logs

    # hooks that replace values
    model.load_state_dict(dict((e["name"], torch.tensor(e["data"].arr).reshape(e["shape"])) for e in init))
    model.zero_grad()
    seen = {}

    def pre_double(m, inp):
        return (inp[0] * 2,)

    def fwd_affine(m, inp, out):
        return out * 0.5 + 1.0

    def bwd_half(m, gin, gout):
        seen.setdefault(paths[m], []).append({"gradInput": [tensor_json(g) for g in gin],
                                              "gradOutput": [tensor_json(g) for g in gout]})
        return tuple(g * 0.5 for g in gin)

    hs = [model[1].register_forward_pre_hook(pre_double),
          model[3].register_forward_hook(fwd_affine),
          model[3].register_full_backward_hook(bwd_half),
          model[1].register_full_backward_hook(bwd_half)]
    x = x0.clone().requires_grad_(True)
    out = model(x)
    loss = F.cross_entropy(out, y)
    loss.backward()
    for h in hs:
        h.remove()
    result["replacing"] = {
        "hooks": [
            {"module": "1", "kind": "forwardPre", "action": "returns (input[0] * 2): the Linear sees the doubled input"},
            {"module": "3", "kind": "forward", "action": "returns output * 0.5 + 1.0"},
            {"module": "3", "kind": "fullBackward", "action": "returns (gradInput[0] * 0.5)"},
            {"module": "1", "kind": "fullBackward", "action": "returns (gradInput[0] * 0.5)"},
        ],
        "registrationOrder": "module 1 forward pre-hook, module 3 forward hook, module 3 backward hook, "
                             "module 1 backward hook",
        "inputRequiresGrad": True,
        "output": tensor_json(out), "loss": tensor_json(loss),
        "grads": named_grads_json(model), "inputGrad": tensor_json(x.grad),
        "backwardHookArgs": seen,
    }
    verify_replacing(init, x0, y, result["replacing"])
    write_json("hooks.json", result)


def verify_replacing(init, x0, y, rep):
    """Recompute the replacing case by hand (no hooks) and check it matches."""
    sd = {e["name"]: torch.tensor(e["data"].arr).reshape(e["shape"]).requires_grad_(True) for e in init}
    x = x0.clone().requires_grad_(True)
    h0 = x.flatten(1) * 2
    h1 = F.linear(h0, sd["1.weight"], sd["1.bias"])
    h2 = h1.relu()
    h3 = F.linear(h2, sd["3.weight"], sd["3.bias"]) * 0.5 + 1.0
    loss = F.cross_entropy(h3, y)
    # gradient scaled by 0.5 at the input of module 3 and at the input of module 1 (the doubled x)
    h2.register_hook(lambda g: g * 0.5)
    h0.register_hook(lambda g: g * 0.5)
    loss.backward()
    assert torch.allclose(h3, torch.tensor(rep["output"]["data"].arr).reshape(h3.shape), atol=0, rtol=0)
    for g in rep["grads"]:
        assert torch.equal(sd[g["name"]].grad, torch.tensor(g["data"].arr).reshape(g["shape"])), g["name"]
    assert torch.equal(x.grad, torch.tensor(rep["inputGrad"]["data"].arr).reshape(x.shape))


def optim_fixture():
    torch.manual_seed(11)
    base = mlp()
    init = state_dict_json(base)
    x = torch.randn(8, 1, 8, 8)
    y = torch.randint(0, 10, (8,))
    configs = [
        ("sgd", "SGD(params, lr=0.1)", lambda ps: torch.optim.SGD(ps, lr=0.1)),
        ("sgd_momentum_wd", "SGD(params, lr=0.1, momentum=0.9, weight_decay=1e-4)",
         lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-4)),
        ("adam", "Adam(params, lr=1e-3) (betas 0.9, 0.999, eps 1e-8)",
         lambda ps: torch.optim.Adam(ps, lr=1e-3)),
    ]
    runs = []
    for name, desc, make in configs:
        res = {}
        for dtype in (torch.float32, torch.float64):
            model = mlp()
            model.load_state_dict(base.state_dict())
            model.to(dtype)
            opt = make(model.parameters())
            steps = []
            for step in range(3):
                opt.zero_grad()
                loss = F.cross_entropy(model(x.to(dtype)), y)
                loss.backward()
                opt.step()
                steps.append((loss.detach().clone(),
                              [(k, p.detach().clone()) for k, p in model.named_parameters()]))
            res[dtype] = steps
        err = 0.0
        for (l32, p32), (l64, p64) in zip(res[torch.float32], res[torch.float64]):
            err = max(err, max_err(l32, l64))
            for (_, a), (_, b) in zip(p32, p64):
                err = max(err, max_err(a, b))
        runs.append({"name": name, "optimizer": desc,
                     "steps": [{"lossBeforeStep": tensor_json(l),
                                "parametersAfterStep": [dict(name=k, **tensor_json(p)) for k, p in ps]}
                               for l, ps in res[torch.float32]],
                     "tol": pick_tol(err), "f64MaxErr": float("%.3g" % err)})
    write_json("optim.json", {
        "description": "each run starts from stateDict; each step: zeroGrad, "
                       "loss = F.cross_entropy(model(input), targets), backward, step",
        "repr": repr(base), "stateDict": init, "input": tensor_json(x),
        "targets": tensor_json(y.float()), "runs": runs})


# ---------------------------------------------------------------------------------------
# Layers: (name, call description, inputs {name: (tensor, requires_grad)}, function)

def layer_case(name, call, inputs, fn, scalar_loss=False, extra=None):
    def run(dtype):
        xs = {k: v.to(dtype).clone().requires_grad_(g) for k, (v, g) in inputs.items()}
        return xs, fn(xs, dtype)

    xs, out = run(torch.float32)
    xs64, out64 = run(torch.float64)
    if scalar_loss:
        up = None
        out.backward()
        out64.backward()
    else:
        up = torch.randn(out.shape)
        out.backward(up)
        out64.backward(up.double())
    err = max_err(out, out64)
    for k in xs:
        if xs[k].requires_grad:
            err = max(err, max_err(xs[k].grad, xs64[k].grad))
    case = {"name": name, "call": call,
            "inputs": {k: dict(tensor_json(v), requiresGrad=g) for k, (v, g) in inputs.items()},
            "output": tensor_json(out),
            "upstream": None if up is None else tensor_json(up),
            "grads": {k: tensor_json(xs[k].grad) for k in xs if xs[k].requires_grad}}
    if extra:
        case.update(extra(xs))
    case["tol"] = pick_tol(err)
    case["f64MaxErr"] = float("%.3g" % err)
    return case


def layers_fixture():
    torch.manual_seed(99)
    cases = []

    cases.append(layer_case(
        "conv2d_stride2_pad1", "F.conv2d(input, weight, bias, stride=2, padding=1)",
        {"input": (torch.randn(2, 3, 7, 7), True), "weight": (torch.randn(4, 3, 3, 3) * 0.3, True),
         "bias": (torch.randn(4), True)},
        lambda t, d: F.conv2d(t["input"], t["weight"], t["bias"], stride=2, padding=1)))
    cases.append(layer_case(
        "conv2d_default", "F.conv2d(input, weight, bias) (stride 1, no padding)",
        {"input": (torch.randn(2, 2, 5, 5), True), "weight": (torch.randn(3, 2, 3, 3) * 0.3, True),
         "bias": (torch.randn(3), True)},
        lambda t, d: F.conv2d(t["input"], t["weight"], t["bias"])))
    cases.append(layer_case(
        "max_pool2d_k2_s2", "F.max_pool2d(input, kernel_size=2, stride=2)",
        {"input": (torch.randn(2, 3, 6, 6), True)},
        lambda t, d: F.max_pool2d(t["input"], 2, 2)))
    cases.append(layer_case(
        "max_pool2d_k3_s2", "F.max_pool2d(input, kernel_size=3, stride=2) (overlapping windows)",
        {"input": (torch.randn(2, 3, 7, 7), True)},
        lambda t, d: F.max_pool2d(t["input"], 3, 2)))
    cases.append(layer_case(
        "max_pool2d_k2_odd", "F.max_pool2d(input, kernel_size=2) on 7x7 (last row/column dropped)",
        {"input": (torch.randn(1, 2, 7, 7), True)},
        lambda t, d: F.max_pool2d(t["input"], 2)))

    # batch norm, train mode, with non-default affine parameters and running stats
    rm = torch.randn(5) * 0.1
    rv = torch.rand(5) + 0.5

    def bn(t, d):
        t["_rm"] = rm.to(d).clone()
        t["_rv"] = rv.to(d).clone()
        return F.batch_norm(t["input"], t["_rm"], t["_rv"], t["weight"], t["bias"], training=True,
                            momentum=0.1, eps=1e-5)

    bn_inputs = {"input": (torch.randn(8, 5) * 2 + 1, True), "weight": (torch.rand(5) + 0.5, True),
                 "bias": (torch.randn(5), True)}
    c = layer_case("batch_norm1d_train",
                   "nn.BatchNorm1d(5) in train mode, weight/bias/running stats set from the fixture "
                   "(momentum 0.1, eps 1e-5, running_var updated with the unbiased variance)",
                   bn_inputs, bn)
    # rerun to capture running stats after one train forward (float32)
    t = {k: v.clone() for k, (v, g) in bn_inputs.items()}
    m = nn.BatchNorm1d(5)
    with torch.no_grad():
        m.weight.copy_(t["weight"])
        m.bias.copy_(t["bias"])
        m.running_mean.copy_(rm)
        m.running_var.copy_(rv)
    m.train()
    o = m(t["input"])
    assert torch.equal(o, torch.tensor(c["output"]["data"].arr).reshape(o.shape))
    c["runningMeanBefore"] = tensor_json(rm)
    c["runningVarBefore"] = tensor_json(rv)
    c["runningMeanAfter"] = tensor_json(m.running_mean)
    c["runningVarAfter"] = tensor_json(m.running_var)
    m.eval()
    with torch.no_grad():
        c["evalOutputAfter"] = tensor_json(m(t["input"]))
    cases.append(c)

    cases.append(layer_case(
        "leaky_relu_0.1", "F.leaky_relu(input, 0.1)",
        {"input": ((torch.rand(3, 5) * 1.5 + 0.1) * torch.where(torch.rand(3, 5) < 0.5, -1.0, 1.0), True)},
        lambda t, d: F.leaky_relu(t["input"], 0.1)))
    cases.append(layer_case(
        "softmax_module_dim1", "nn.Softmax(dim=1)(input)",
        {"input": (torch.randn(3, 5), True)},
        lambda t, d: nn.Softmax(dim=1)(t["input"])))
    cases.append(layer_case(
        "mse_loss", "nn.MSELoss()(input, target) (mean), backward() on the scalar loss",
        {"input": (torch.randn(3, 4), True), "target": (torch.randn(3, 4), True)},
        lambda t, d: nn.MSELoss()(t["input"], t["target"]), scalar_loss=True))
    tgt = torch.randint(0, 4, (5,))
    logits = torch.randn(5, 4)
    cases.append(layer_case(
        "nll_loss_log_softmax", "nn.NLLLoss()(F.log_softmax(input, 1), target) (mean), backward()",
        {"input": (logits, True), "target": (tgt.float(), False)},
        lambda t, d: nn.NLLLoss()(F.log_softmax(t["input"], 1), t["target"].long()), scalar_loss=True))
    cases.append(layer_case(
        "cross_entropy", "F.cross_entropy(input, target) (mean), backward()",
        {"input": (logits, True), "target": (tgt.float(), False)},
        lambda t, d: F.cross_entropy(t["input"], t["target"].long()), scalar_loss=True))
    cases.append(layer_case(
        "linear", "F.linear(input, weight, bias)",
        {"input": (torch.randn(4, 5), True), "weight": (torch.randn(3, 5), True), "bias": (torch.randn(3), True)},
        lambda t, d: F.linear(t["input"], t["weight"], t["bias"])))
    write_json("layers.json", cases)


# ---------------------------------------------------------------------------------------
# Safetensors, written by hand: u64 LE header length, JSON header (padded with spaces to a
# multiple of 8), then raw little-endian row-major data.

def safetensors_bytes(tensors):
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    off = 0
    for name in sorted(tensors):
        arr = tensors[name].detach().cpu().contiguous().numpy().astype("<f4")
        b = arr.tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def safetensors_read(data):
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        assert v["dtype"] == "F32"
        out[k] = torch.from_numpy(np.frombuffer(data[base + a:base + b], dtype="<f4").copy()).reshape(v["shape"])
    return out


def trained_mlp_fixture():
    torch.manual_seed(2024)
    model = mlp()
    xs = torch.rand(64, 1, 8, 8)
    ys = torch.randint(0, 10, (64,))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for step in range(20):
        batch = slice((step % 4) * 16, (step % 4) * 16 + 16)
        opt.zero_grad()
        F.cross_entropy(model(xs[batch]), ys[batch]).backward()
        opt.step()
    model.eval()
    sd = model.state_dict()
    data = safetensors_bytes(sd)
    back = safetensors_read(data)
    assert set(back) == set(sd) and all(torch.equal(back[k], sd[k]) for k in sd)
    with open(os.path.join(OUT, "mlp.safetensors"), "wb") as f:
        f.write(data)
    print("wrote %-20s %8d bytes" % ("mlp.safetensors", len(data)))
    x = torch.rand(4, 1, 8, 8)
    with torch.no_grad():
        out = model(x)
    write_json("mlp_trained.json", {
        "description": "mlp.safetensors holds the state dict of this model after 20 SGD steps in PyTorch; "
                       "load it (strict) and compare model.call(input) in eval mode with output",
        "repr": repr(model),
        "tensors": [{"name": k, "shape": list(v.shape)} for k, v in sd.items()],
        "input": tensor_json(x), "output": tensor_json(out), "argmax": [int(i) for i in out.argmax(1)],
        "tol": TOL_STRICT})


def main():
    os.makedirs(OUT, exist_ok=True)
    make_tensor_ops()
    model_fixture(mlp, 42, "mlp.json")
    model_fixture(cnn, 43, "cnn.json")
    hooks_fixture()
    optim_fixture()
    layers_fixture()
    trained_mlp_fixture()


if __name__ == "__main__":
    # Run as the module make_fixtures, which fixture_cases imports, so that one F32 class marks the arrays.
    import make_fixtures
    make_fixtures.main()

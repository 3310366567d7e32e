#!/usr/bin/python3
# Golden fixtures from PyTorch for the sequence layers and the optimizer pieces of a small GPT.
#
# Writes engine/src/test/resources/golden/sequence_layers.json:
#   embedding, layerNorm1d, layerNorm2d   module repr, state dict, input, output, gradients
#   multiheadAttention                    repr, state dict (names, shapes, values), three calls
#                                         (no mask, causal mask, per-head mask) with outputs,
#                                         per-head attention weights and every gradient
#   sdpa                                  softmax(q k^T / sqrt(E) + mask) v, no mask and causal
#   adamw                                 parameters after each of 3 AdamW steps (two settings)
#   clipGradNorm                          total norm and gradients after clip_grad_norm_
#   stepLR, cosineAnnealingLR             learning rate after construction and after each step
#
# Re-run from the repository root with Debian's PyTorch (the python3 on PATH has no torch):
#   /usr/bin/python3 tools/golden/make_sequence_layer_fixtures.py
# Deterministic (fixed seeds, one thread). Formats: tools/golden/README.md.

import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import F32, tensor_json, write_json, max_err, pick_tol  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def state_dict_json(module):
    return [dict(name=k, **tensor_json(v)) for k, v in module.state_dict().items()]


def grads_json(named):
    return {k: (tensor_json(v.grad) if v.grad is not None else None) for k, v in named.items()}


def check_f64(fn32, fn64):
    """The largest gap between the float32 results and a float64 evaluation of the same inputs."""
    a, b = fn32(), fn64()
    return max(max_err(x, y) for x, y in zip(a, b))


def module_case(make, inputs, seed):
    """Runs make() on inputs (a dict of float32 tensors); output, upstream and every gradient."""
    torch.manual_seed(seed)
    m = make()
    with torch.no_grad():
        for p in m.parameters():  # weight and bias away from 1 and 0, so their gradients matter
            p.add_(torch.randn_like(p) * 0.5)
    sd = {k: v.clone() for k, v in m.state_dict().items()}

    def run(dtype):
        mm = make().to(dtype)
        mm.load_state_dict({k: v.to(dtype) for k, v in sd.items()})
        xs = {k: v.detach().clone().to(dtype).requires_grad_(True) if v.is_floating_point() else v for k, v in inputs.items()}
        out = mm(*xs.values())
        return mm, xs, out

    m32, x32, out32 = run(torch.float32)
    upstream = torch.randn(out32.shape)
    out32.backward(upstream)
    m64, x64, out64 = run(torch.float64)
    out64.backward(upstream.double())
    res32 = [out32] + [p.grad for p in m32.parameters()] + [v.grad for v in x32.values() if v.grad is not None]
    res64 = [out64] + [p.grad for p in m64.parameters()] + [v.grad for v in x64.values() if v.grad is not None]
    err = max(max_err(a, b) for a, b in zip(res32, res64))
    grads = grads_json(dict(m32.named_parameters()))
    grads.update({k: tensor_json(v.grad) for k, v in x32.items() if v.grad is not None})
    return {"repr": repr(m32), "stateDict": [dict(name=k, **tensor_json(v)) for k, v in sd.items()],
            "inputs": {k: tensor_json(v) for k, v in inputs.items()}, "output": tensor_json(out32),
            "upstream": tensor_json(upstream), "grads": grads, "tol": pick_tol(err), "f64MaxErr": float("%.3g" % err)}


def embedding_fixture():
    indices = torch.tensor([[1, 0, 9, 1], [4, 4, 4, 7], [2, 9, 0, 3]], dtype=torch.long)

    case = module_case(lambda: nn.Embedding(10, 5), {"indices": indices}, 11)
    case["inputs"]["indices"] = tensor_json(indices.float())  # Hookbook's indices are floats
    torch.manual_seed(0)
    e = nn.Embedding(1000, 8)
    w = e.weight.detach()
    case["initStats"] = {"num": 1000, "dim": 8, "mean": float(w.mean()), "std": float(w.std())}
    return case


def layer_norm_fixture(shape, input_shape, seed):
    torch.manual_seed(seed)
    x = torch.randn(*input_shape) * 2 + 0.5
    case = module_case(lambda: nn.LayerNorm(shape), {"input": x}, seed)
    case["normalizedShape"] = list(shape)
    fresh = nn.LayerNorm(shape)
    case["freshRepr"] = repr(fresh)
    return case


def mha_fixture():
    e, h, b, l, s = 8, 2, 2, 5, 4
    torch.manual_seed(21)
    mha = nn.MultiheadAttention(e, h, batch_first=True)
    with torch.no_grad():  # biases away from zero, so their gradients and the loading matter
        mha.in_proj_bias.copy_(torch.randn(3 * e) * 0.3)
        mha.out_proj.bias.copy_(torch.randn(e) * 0.3)
    sd = {k: v.clone() for k, v in mha.state_dict().items()}
    causal = torch.triu(torch.full((l, l), float("-inf")), diagonal=1)
    cases = []
    for name, kv_len, mask in [("no_mask", s, None), ("causal_mask", l, causal),
                               ("per_head_mask", s, torch.randn(b * h, l, s))]:
        q, k, v = torch.randn(b, l, e), torch.randn(b, kv_len, e), torch.randn(b, kv_len, e)

        def run(dtype):
            m = nn.MultiheadAttention(e, h, batch_first=True).to(dtype)
            m.load_state_dict({kk: vv.to(dtype) for kk, vv in sd.items()})
            xs = [t.detach().clone().to(dtype).requires_grad_(True) for t in (q, k, v)]
            out, weights = m(*xs, attn_mask=None if mask is None else mask.to(dtype), need_weights=True,
                             average_attn_weights=False)
            return m, xs, out, weights

        m32, x32, out32, w32 = run(torch.float32)
        upstream = torch.randn(out32.shape)
        out32.backward(upstream)
        m64, x64, out64, w64 = run(torch.float64)
        out64.backward(upstream.double())
        res32 = [out32, w32] + [p.grad for p in m32.parameters()] + [x.grad for x in x32]
        res64 = [out64, w64] + [p.grad for p in m64.parameters()] + [x.grad for x in x64]
        err = max(max_err(a, bb) for a, bb in zip(res32, res64))
        grads = grads_json(dict(m32.named_parameters()))
        grads.update({"query": tensor_json(x32[0].grad), "key": tensor_json(x32[1].grad), "value": tensor_json(x32[2].grad)})
        cases.append({"name": name, "query": tensor_json(q), "key": tensor_json(k), "value": tensor_json(v),
                      "mask": None if mask is None else tensor_json(mask.clamp(min=-1e30)) if name != "causal_mask" else "causal",
                      "output": tensor_json(out32), "attentionWeights": tensor_json(w32),
                      "upstream": tensor_json(upstream), "grads": grads,
                      "tol": pick_tol(err), "f64MaxErr": float("%.3g" % err)})
    return {"embedDim": e, "numHeads": h, "repr": repr(mha),
            "stateDict": [dict(name=k, **tensor_json(v)) for k, v in sd.items()], "cases": cases}


def sdpa_fixture():
    torch.manual_seed(31)
    q, k, v = torch.randn(2, 3, 5, 4), torch.randn(2, 3, 6, 4), torch.randn(2, 3, 6, 3)
    out = []
    for name, causal in [("no_mask", False), ("causal", True)]:
        def run(dtype):
            xs = [t.detach().clone().to(dtype).requires_grad_(True) for t in (q, k, v)]
            scores = xs[0] @ xs[1].transpose(-2, -1) / math.sqrt(q.shape[-1])
            if causal:  # PyTorch 2.x's is_causal: the upper triangle of [L, S] masked
                scores = scores + torch.triu(torch.full((5, 6), float("-inf"), dtype=dtype), diagonal=1)
            return xs, torch.softmax(scores, -1) @ xs[2]

        x32, o32 = run(torch.float32)
        upstream = torch.randn(o32.shape)
        o32.backward(upstream)
        x64, o64 = run(torch.float64)
        o64.backward(upstream.double())
        err = max(max_err(a, b) for a, b in zip([o32] + [x.grad for x in x32], [o64] + [x.grad for x in x64]))
        out.append({"name": name, "causal": causal, "query": tensor_json(q), "key": tensor_json(k), "value": tensor_json(v),
                    "output": tensor_json(o32), "upstream": tensor_json(upstream),
                    "grads": {"query": tensor_json(x32[0].grad), "key": tensor_json(x32[1].grad),
                              "value": tensor_json(x32[2].grad)},
                    "tol": pick_tol(err), "f64MaxErr": float("%.3g" % err)})
    return out


def adamw_fixture():
    torch.manual_seed(41)
    model = nn.Linear(4, 3)
    sd = {k: v.clone() for k, v in model.state_dict().items()}
    x, target = torch.randn(6, 4), torch.randn(6, 3)
    runs = []
    for name, kwargs in [("defaults_lr_1e-2", dict(lr=1e-2)),
                         ("lr_0.05_wd_0.1", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1))]:
        m = nn.Linear(4, 3)
        m.load_state_dict(sd)
        opt = torch.optim.AdamW(m.parameters(), **kwargs)
        steps = []
        for _ in range(3):
            opt.zero_grad()
            loss = F.mse_loss(m(x), target)
            loss.backward()
            opt.step()
            steps.append({"lossBeforeStep": float(loss), "parametersAfterStep": state_dict_json(m)})
        runs.append({"name": name, "optimizer": "AdamW(params, %s)" % ", ".join("%s=%r" % kv for kv in kwargs.items()),
                     "lr": kwargs["lr"], "betas": list(kwargs.get("betas", (0.9, 0.999))), "eps": kwargs.get("eps", 1e-8),
                     "weightDecay": kwargs.get("weight_decay", 0.01), "steps": steps})
    return {"model": "Linear(4, 3), loss F.mse_loss(model(input), target)", "stateDict": [dict(name=k, **tensor_json(v)) for k, v in sd.items()],
            "input": tensor_json(x), "target": tensor_json(target), "runs": runs, "tol": 1e-5}


def clip_fixture():
    torch.manual_seed(51)
    cases = []
    for max_norm in [1.0, 100.0]:
        ps = [nn.Parameter(torch.randn(3, 4)), nn.Parameter(torch.randn(5)), nn.Parameter(torch.randn(2))]
        ps[0].grad = torch.randn(3, 4)
        ps[1].grad = torch.randn(5) * 3
        before = [tensor_json(p.grad) if p.grad is not None else None for p in ps]
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
        cases.append({"maxNorm": max_norm, "gradsBefore": before, "totalNorm": float(total),
                      "gradsAfter": [tensor_json(p.grad) if p.grad is not None else None for p in ps]})
    return cases


def lr_sequence(make_scheduler, epochs):
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
    sched = make_scheduler(opt)
    lrs = [sched.get_last_lr()[0]]
    for _ in range(epochs):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr()[0])
    return lrs


def main():
    write_json("sequence_layers.json", {
        "embedding": embedding_fixture(),
        "layerNorm1d": layer_norm_fixture((8,), (2, 3, 8), 12),
        "layerNorm2d": layer_norm_fixture((3, 4), (2, 3, 4), 13),
        "multiheadAttention": mha_fixture(),
        "sdpa": sdpa_fixture(),
        "adamw": adamw_fixture(),
        "clipGradNorm": clip_fixture(),
        "stepLR": {"baseLr": 0.1, "stepSize": 3, "gamma": 0.5,
                   "lrs": lr_sequence(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10)},
        "cosineAnnealingLR": {"baseLr": 0.1, "tMax": 5, "etaMin": 0.001,
                              "lrs": lr_sequence(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.001), 12)},
    })


if __name__ == "__main__":
    main()

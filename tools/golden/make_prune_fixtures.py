#!/usr/bin/python3
# Golden fixtures for pruning (torch.nn.utils.prune) and parametrizations (weight norm, spectral
# norm, orthogonal), from PyTorch 1.13.
#
# Writes engine/src/test/resources/golden/prune.json and pruned_mlp.safetensors (a pruned
# model's state dict as PyTorch's state_dict() holds it: bias, weight_orig, weight_mask).
# The formats are in tools/golden/README.md. Weights are drawn so that no two entries share an
# absolute value (and no two channels a norm): PyTorch's topk breaks ties in no documented
# order, so fixtures avoid them.
#
# Weight norm: 1.13 has only the old torch.nn.utils.weight_norm (keys weight_g, weight_v); the
# parametrization of torch 2.x (torch/nn/utils/parametrizations.py, weight_norm and _WeightNorm:
# forward(g, v) = torch._weight_norm(v, g, dim), right_inverse(w) = (norm_except_dim(w, 2, dim), w))
# computes the same function, so its values and gradients are taken from torch._weight_norm here.
#
# Re-run from the repository root: /usr/bin/python3 tools/golden/make_prune_fixtures.py
# The output is deterministic.

import os
import sys

import torch
import torch.nn as nn
import torch.nn.utils.prune as prune
from torch.nn.utils import parametrizations

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import OUT, safetensors_bytes, state_dict_json, tensor_json, write_json  # noqa: E402

torch.set_num_threads(1)


def distinct(*shape, seed):
    """A tensor of distinct absolute values, 0.05 apart at least, in random order and signs."""
    g = torch.Generator().manual_seed(seed)
    n = 1
    for s in shape:
        n *= s
    mags = 0.1 + 0.05 * torch.randperm(n, generator=g).to(torch.float32)
    signs = torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)
    return (mags * signs / (0.05 * n)).reshape(shape)


def set_weight(module, w):
    with torch.no_grad():
        module.weight.copy_(w)
    return module


def masks_of(model):
    return [dict(name=k, **tensor_json(v)) for k, v in model.state_dict().items() if k.endswith("_mask")]


def run(model, x, upstream):
    out = model(x)
    out.backward(upstream)
    return {"output": tensor_json(out),
            "grads": [dict(name=k, **tensor_json(p.grad)) for k, p in model.named_parameters()]}


def l1_case():
    torch.manual_seed(1)
    lin = set_weight(nn.Linear(5, 6), distinct(6, 5, seed=11))
    initial = state_dict_json(lin)
    prune.l1_unstructured(lin, "weight", amount=0.3)
    first = masks_of(lin)
    prune.l1_unstructured(lin, "weight", amount=3)
    x = torch.randn(2, 5)
    up = torch.randn(2, 6)
    r = run(lin, x, up)
    return {"initial": initial, "maskAfterFraction": first, "stateDict": state_dict_json(lin),
            "keys": list(lin.state_dict().keys()), "input": tensor_json(x), "upstream": tensor_json(up), **r}


def random_then_l1_case():
    torch.manual_seed(2)
    lin = set_weight(nn.Linear(4, 5), distinct(5, 4, seed=12))
    prune.random_unstructured(lin, "weight", amount=0.4)
    after_random = state_dict_json(lin)
    prune.l1_unstructured(lin, "weight", amount=0.25)
    return {"afterRandom": after_random, "stateDict": state_dict_json(lin)}


def ln_case():
    torch.manual_seed(3)
    conv = set_weight(nn.Conv2d(3, 4, 2), distinct(4, 3, 2, 2, seed=13))
    initial = state_dict_json(conv)
    prune.ln_structured(conv, "weight", amount=0.5, n=2, dim=0)
    first = masks_of(conv)
    prune.ln_structured(conv, "weight", amount=1, n=1, dim=1)
    lin = set_weight(nn.Linear(5, 3), distinct(3, 5, seed=14))
    lin_initial = state_dict_json(lin)
    prune.ln_structured(lin, "weight", amount=0.4, n=float("inf"), dim=1)
    return {"initial": initial, "maskAfterL2Dim0": first, "stateDict": state_dict_json(conv),
            "linInitial": lin_initial, "linInfDim1": masks_of(lin)}


def global_case():
    torch.manual_seed(4)
    model = nn.Sequential(nn.Conv2d(1, 2, 2), nn.Flatten(), nn.Linear(8, 4))
    set_weight(model[0], distinct(2, 1, 2, 2, seed=15))
    set_weight(model[2], distinct(4, 8, seed=16) * 0.7)
    initial = state_dict_json(model)
    prune.l1_unstructured(model[2], "weight", amount=5)  # a target that is already pruned
    prune.global_unstructured([(model[0], "weight"), (model[2], "weight")], pruning_method=prune.L1Unstructured,
                              amount=0.4)
    keys = list(model.state_dict().keys())
    masks = masks_of(model)
    prune.remove(model[2], "weight")
    return {"initial": initial, "keys": keys, "masks": masks, "keysAfterRemove": list(model.state_dict().keys()),
            "stateDictAfterRemove": state_dict_json(model), "isPrunedAfterRemove": prune.is_pruned(model)}


def checkpoint_case():
    """A pruned MLP as PyTorch saves it; the test loads it into a pruned Hookbook model."""
    torch.manual_seed(5)
    model = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3))
    prune.l1_unstructured(model[0], "weight", amount=0.5)
    prune.ln_structured(model[2], "weight", amount=0.34, n=2, dim=0)
    x = torch.randn(3, 6)
    out = model(x)
    sd = model.state_dict()
    with open(os.path.join(OUT, "pruned_mlp.safetensors"), "wb") as f:
        f.write(safetensors_bytes(dict(sd)))
    return {"keys": list(sd.keys()), "stateDict": state_dict_json(model), "input": tensor_json(x), "output": tensor_json(out)}


def weight_norm_case():
    out = {}
    for dim, name, w in ((0, "linearDim0", distinct(4, 5, seed=17)), (1, "convDim1", distinct(3, 2, 2, 2, seed=18)),
                         (-1, "linearWhole", distinct(4, 5, seed=19))):
        torch.manual_seed(6)
        g = torch.norm_except_dim(w, 2, dim).clone().requires_grad_(True)
        v = w.clone().requires_grad_(True)
        weight = torch._weight_norm(v, g, dim)
        up = torch.randn(weight.shape)
        (weight * up).sum().backward()
        out[name] = {"dim": dim, "weight": tensor_json(w), "g": tensor_json(g), "upstream": tensor_json(up),
                     "output": tensor_json(weight), "gradG": tensor_json(g.grad), "gradV": tensor_json(v.grad)}
        # the same through 1.13's old weight_norm on a layer: same values (checked here)
        if name == "linearDim0":
            lin = set_weight(nn.Linear(5, 4), w)
            nn.utils.weight_norm(lin, "weight", dim=0)
            assert torch.allclose(lin.weight_g, g) and torch.equal(lin.weight_v, v.detach())
    return out


def spectral_norm_case():
    torch.manual_seed(7)
    lin = set_weight(nn.Linear(5, 4), distinct(4, 5, seed=20))
    parametrizations.spectral_norm(lin, "weight")
    initial = state_dict_json(lin)
    keys = list(lin.state_dict().keys())
    x = torch.randn(3, 5)
    up = torch.randn(3, 4)
    train = run(lin, x, up)
    after = state_dict_json(lin)
    lin.eval()
    with torch.no_grad():
        eval_out = lin(x)
    torch.manual_seed(8)
    conv = set_weight(nn.Conv2d(2, 3, 2), distinct(3, 2, 2, 2, seed=21))
    parametrizations.spectral_norm(conv, "weight", dim=1)
    conv_initial = state_dict_json(conv)
    cx = torch.randn(1, 2, 3, 3)
    cup = torch.randn(1, 3, 2, 2)
    conv_train = run(conv, cx, cup)
    return {"keys": keys, "initial": initial, "input": tensor_json(x), "upstream": tensor_json(up), "train": train,
            "stateDictAfterTrainForward": after, "evalOutput": tensor_json(eval_out),
            "conv": {"initial": conv_initial, "input": tensor_json(cx), "upstream": tensor_json(cup), "train": conv_train}}


def orthogonal_case():
    """1.13's parametrizations.orthogonal with its defaults: matrix_exp for the square weight,
    householder for the tall and the wide one (the wide one transposed)."""
    out = {}
    for name, fin, fout, seed in (("square", 3, 3, 30), ("tall", 3, 5, 31), ("wide", 5, 3, 32)):
        torch.manual_seed(seed)
        lin = nn.Linear(fin, fout)
        initial = state_dict_json(lin)
        parametrizations.orthogonal(lin, "weight")
        registered = tensor_json(lin.weight)
        keys = list(lin.state_dict().keys())
        original = lin.parametrizations.weight.original
        with torch.no_grad():  # move away from -I, so the map and its gradient are exercised
            r = torch.randn(original.shape) * 0.3
            n = min(original.shape)
            r[range(n), range(n)] = torch.where(torch.rand(n) < 0.5, -1.0, 1.0)
            original.copy_(r)
        state = state_dict_json(lin)
        x = torch.randn(2, fin)
        up = torch.randn(2, fout)
        res = run(lin, x, up)
        q = lin.weight.detach()
        gram = q.T @ q if fout >= fin else q @ q.T
        assert torch.allclose(gram, torch.eye(min(fin, fout)), atol=1e-5)
        out[name] = {"initial": initial, "weightAfterRegistration": registered, "keys": keys, "state": state,
                     "input": tensor_json(x), "upstream": tensor_json(up), **res}
    return out


def main():
    write_json("prune.json", {
        "l1": l1_case(),
        "randomThenL1": random_then_l1_case(),
        "ln": ln_case(),
        "global": global_case(),
        "checkpoint": checkpoint_case(),
        "weightNorm": weight_norm_case(),
        "spectralNorm": spectral_norm_case(),
        "orthogonal": orthogonal_case(),
    })


if __name__ == "__main__":
    main()

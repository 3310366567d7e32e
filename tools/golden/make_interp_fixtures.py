#!/usr/bin/python3
"""Writes the fixture of the interpretability tools (Interp, Patching, MiniGpt.logitLens), for
InterpGoldenTest.

The model is notebook 07's GPT with the weights of `gpt.safetensors` (`make_gpt_fixture.py`),
written out here with TransformerLens's hook points (identity modules named as in the Java
`MiniGpt`: `blocks.N.hook_resid_pre`, `blocks.N.attn.hook_z`, ...), and attention spelled out
so that each head's `z` can be read and replaced. Before anything else the script checks that
this model gives `gpt_model.TinyGpt`'s logits with the same weights.

Everything is computed with plain PyTorch forward hooks, as TransformerLens's `run_with_hooks`
and `patching` do it:

- `cache`: activations of the clean run at a few names;
- `grads`: d loss / d activation (cross entropy over all positions against `targets`), each the
  gradient of that hook point's own output;
- `patchResidPre`: the logit difference (logits[:, -1, correct] - logits[:, -1, wrong],
  batch mean) of the corrupted run with `blocks.N.hook_resid_pre` at one position replaced by
  the clean run's, [layers, positions];
- `patchHeads`: the same with one head of `blocks.N.attn.hook_z` replaced at every position,
  [layers, heads] (TransformerLens's `get_act_patch_attn_head_out_all_pos`);
- `patchHeadsByPosition`: one head at one position, [layers, heads, positions]
  (`get_act_patch_attn_head_out_by_pos`, whose own order is [layers, positions, heads]);
- `zeroAblatedLogits` (`blocks.1.hook_mlp_out` zeroed), `headAblatedLogits` (head 2 of
  `blocks.0.attn.hook_z` zeroed), `meanAblatedLogits` (`blocks.0.hook_attn_out` replaced by its
  batch mean in the clean run), each on the corrupted input;
- `logitLens`: head(ln(resid)) of `blocks.0.hook_resid_pre` and each `blocks.N.hook_resid_post`
  of the clean run, [layers + 1, B, T, vocab].

Run from the repository root: /usr/bin/python3 tools/golden/make_interp_fixtures.py
"""
import copy
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import OUT, tensor_json, write_json, max_err  # noqa: E402
from gpt_model import TinyGpt  # noqa: E402

torch.set_num_threads(1)

VOCAB, BLOCK, EMBED, HEADS, LAYERS = 27, 8, 32, 4, 2
CORRECT, WRONG, CORRUPT_AT = 5, 11, 2
TOL = 1e-4


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32"
        start, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(info["shape"]).clone()
    return out


class HookPoint(nn.Identity):
    pass


class Attention(nn.Module):
    def __init__(self, embed, heads):
        super().__init__()
        self.heads = heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * embed, embed))
        self.in_proj_bias = nn.Parameter(torch.empty(3 * embed))
        self.out_proj = nn.Linear(embed, embed)
        for n in ["hook_q", "hook_k", "hook_v", "hook_scores", "hook_pattern", "hook_z"]:
            setattr(self, n, HookPoint())

    def forward(self, x):
        b, t, e = x.shape
        d = e // self.heads

        def heads(y):
            return y.reshape(b, t, self.heads, d).transpose(1, 2)

        w, bias = self.in_proj_weight, self.in_proj_bias
        q = self.hook_q(heads(F.linear(x, w[:e], bias[:e])))
        k = self.hook_k(heads(F.linear(x, w[e:2 * e], bias[e:2 * e])))
        v = self.hook_v(heads(F.linear(x, w[2 * e:], bias[2 * e:])))
        scores = self.hook_scores(q @ k.transpose(-2, -1) / math.sqrt(d))
        mask = torch.triu(torch.full((t, t), float("-inf"), dtype=x.dtype), diagonal=1)
        pattern = self.hook_pattern((scores + mask).softmax(-1))
        z = self.hook_z(pattern @ v)
        return self.out_proj(z.transpose(1, 2).reshape(b, t, e))


class Mlp(nn.Module):
    def __init__(self, embed):
        super().__init__()
        self.add_module("0", nn.Linear(embed, 4 * embed))
        self.hook_pre = HookPoint()
        self.add_module("1", nn.GELU())
        self.hook_post = HookPoint()
        self.add_module("2", nn.Linear(4 * embed, embed))

    def forward(self, x):
        m = dict(self.named_children())
        return m["2"](self.hook_post(m["1"](self.hook_pre(m["0"](x)))))


class Block(nn.Module):
    def __init__(self, embed, heads):
        super().__init__()
        self.hook_resid_pre = HookPoint()
        self.ln1 = nn.LayerNorm(embed)
        self.attn = Attention(embed, heads)
        self.hook_attn_out = HookPoint()
        self.hook_resid_mid = HookPoint()
        self.ln2 = nn.LayerNorm(embed)
        self.mlp = Mlp(embed)
        self.hook_mlp_out = HookPoint()
        self.hook_resid_post = HookPoint()

    def forward(self, x):
        x = self.hook_resid_pre(x)
        x = self.hook_resid_mid(x + self.hook_attn_out(self.attn(self.ln1(x))))
        return self.hook_resid_post(x + self.hook_mlp_out(self.mlp(self.ln2(x))))


class HookedGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(VOCAB, EMBED)
        self.pos = nn.Embedding(BLOCK, EMBED)
        self.hook_embed = HookPoint()
        self.hook_pos_embed = HookPoint()
        self.blocks = nn.Sequential(*[Block(EMBED, HEADS) for _ in range(LAYERS)])
        self.ln = nn.LayerNorm(EMBED)
        self.head = nn.Linear(EMBED, VOCAB)

    def forward(self, idx):
        x = self.hook_embed(self.tok(idx)) + self.hook_pos_embed(self.pos(torch.arange(idx.shape[1])))
        return self.head(self.ln(self.blocks(x)))


def run_with_hooks(model, hooks, x):
    """hooks: list of (name, fn(output) -> replacement); removed afterwards."""
    modules = dict(model.named_modules())
    handles = [modules[n].register_forward_hook(lambda m, i, o, fn=fn: fn(o)) for n, fn in hooks]
    try:
        return model(x)
    finally:
        for h in handles:
            h.remove()


def logit_difference(logits):
    return float((logits[:, -1, CORRECT] - logits[:, -1, WRONG]).mean())


def cache_of(model, x, names):
    cache = {}

    def keep(name):
        def fn(o):
            cache[name] = o.detach()
        return fn
    out = run_with_hooks(model, [(n, keep(n)) for n in names], x)
    return out, cache


def position_mask(shape, dim, at):
    m = torch.zeros([1 if i != dim else shape[dim] for i in range(len(shape))], dtype=torch.bool)
    m.view(-1)[at] = True
    return m


def compute(model, clean, corrupted, targets):
    names = [n for n, _ in model.named_modules() if n]
    with torch.no_grad():
        clean_logits, cache = cache_of(model, clean, names)
        resid_pre = ["blocks.%d.hook_resid_pre" % l for l in range(LAYERS)]
        patch_resid = torch.zeros(LAYERS, BLOCK, dtype=torch.float64)
        for l, n in enumerate(resid_pre):
            for p in range(BLOCK):
                m = position_mask(cache[n].shape, 1, p)
                out = run_with_hooks(model, [(n, lambda o, m=m, src=cache[n]: torch.where(m, src, o))], corrupted)
                patch_resid[l, p] = logit_difference(out)
        patch_heads = torch.zeros(LAYERS, HEADS, dtype=torch.float64)
        for l in range(LAYERS):
            n = "blocks.%d.attn.hook_z" % l
            for h in range(HEADS):
                m = position_mask(cache[n].shape, 1, h)
                out = run_with_hooks(model, [(n, lambda o, m=m, src=cache[n]: torch.where(m, src, o))], corrupted)
                patch_heads[l, h] = logit_difference(out)
        patch_heads_pos = torch.zeros(LAYERS, HEADS, BLOCK, dtype=torch.float64)
        for l in range(LAYERS):
            n = "blocks.%d.attn.hook_z" % l
            for h in range(HEADS):
                for p in range(BLOCK):
                    m = torch.zeros(1, HEADS, BLOCK, 1, dtype=torch.bool)
                    m[0, h, p, 0] = True
                    out = run_with_hooks(model, [(n, lambda o, m=m, src=cache[n]: torch.where(m, src, o))], corrupted)
                    patch_heads_pos[l, h, p] = logit_difference(out)
        zero = run_with_hooks(model, [("blocks.1.hook_mlp_out", lambda o: torch.zeros_like(o))], corrupted)

        def head_off(o):
            o = o.clone()
            o[:, 2] = 0
            return o
        head = run_with_hooks(model, [("blocks.0.attn.hook_z", head_off)], corrupted)
        mean_src = cache["blocks.0.hook_attn_out"].mean(0, keepdim=True)
        mean = run_with_hooks(model, [("blocks.0.hook_attn_out", lambda o: mean_src.expand_as(o))], corrupted)
        resids = [cache["blocks.0.hook_resid_pre"]] + [cache["blocks.%d.hook_resid_post" % l] for l in range(LAYERS)]
        lens = torch.stack([model.head(model.ln(r)) for r in resids])
        corrupted_logits = model(corrupted)

    # Gradients of each hook point's own output (a view of its own, as TransformerLens's backward hooks see).
    grad_names = ["hook_embed", "blocks.0.hook_resid_post", "blocks.0.attn.hook_pattern", "blocks.1.attn.hook_z",
                  "blocks.1.mlp.hook_post"]
    live = {}

    def keep_live(name):
        def fn(o):
            own = o.view_as(o)
            own.retain_grad()
            live[name] = own
            return own
        return fn
    model.zero_grad()
    logits = run_with_hooks(model, [(n, keep_live(n)) for n in grad_names], clean)
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))
    loss.backward()
    grads = {n: live[n].grad.detach().clone() for n in grad_names}

    cached = {n: cache[n] for n in ["blocks.0.hook_resid_post", "blocks.1.attn.hook_pattern", "blocks.0.attn.hook_z",
                                    "blocks.1.mlp.hook_pre", "hook_pos_embed"]}
    return dict(cleanLogits=clean_logits, corruptedLogits=corrupted_logits, cache=cached, grads=grads, loss=loss.detach(),
                patchResidPre=patch_resid, patchHeads=patch_heads, patchHeadsByPosition=patch_heads_pos, zeroAblatedLogits=zero, headAblatedLogits=head,
                meanAblatedLogits=mean, logitLens=lens,
                cleanMetric=torch.tensor(logit_difference(clean_logits)),
                corruptedMetric=torch.tensor(logit_difference(corrupted_logits)))


def flat(results):
    """Every tensor of a result, by a path name, for the float64 comparison."""
    out = {}
    for k, v in results.items():
        if isinstance(v, dict):
            for n, t in v.items():
                out[k + "/" + n] = t
        else:
            out[k] = v
    return out


def main():
    gpt = json.load(open(os.path.join(OUT, "gpt.json")))
    state = load_safetensors(os.path.join(OUT, "gpt.safetensors"))
    clean = torch.tensor(gpt["idx"]["data"]).reshape(gpt["idx"]["shape"]).long()
    targets = torch.tensor(gpt["targets"]["data"]).reshape(gpt["targets"]["shape"]).long()
    corrupted = clean.clone()
    corrupted[:, CORRUPT_AT] = (clean[:, CORRUPT_AT] + 1) % VOCAB

    model = HookedGpt()
    model.load_state_dict(state, strict=True)
    reference = TinyGpt(VOCAB, BLOCK, EMBED, HEADS, LAYERS)
    reference.load_state_dict(state, strict=True)
    with torch.no_grad():
        gap = float((model(clean) - reference(clean)).abs().max())
    assert gap < 1e-5, "the hooked GPT is %g from TinyGpt" % gap

    r32 = compute(model, clean, corrupted, targets)
    r64 = compute(copy.deepcopy(model).double(), clean, corrupted, targets)
    f32, f64 = flat(r32), flat(r64)
    err = max(max_err(f32[k].float(), f64[k]) for k in f32)
    assert 3 * err <= TOL, "float32 PyTorch is %g from float64: the bound would not hold" % err

    def js(d):
        return [dict(name=n, **tensor_json(t)) for n, t in d.items()]
    write_json("interp.json", {
        "about": "notebook 07's GPT with gpt.safetensors and TransformerLens-style hook points; clean = gpt.json's idx, "
                 "corrupted = clean with position %d's token + 1 (mod vocab); metric = logits[:, -1, %d] - logits[:, -1, %d] "
                 "(batch mean); see tools/golden/make_interp_fixtures.py" % (CORRUPT_AT, CORRECT, WRONG),
        "correct": CORRECT, "wrong": WRONG,
        "clean": tensor_json(clean.float()), "corrupted": tensor_json(corrupted.float()),
        "targets": tensor_json(targets.float()),
        "cleanLogits": tensor_json(r32["cleanLogits"]), "corruptedLogits": tensor_json(r32["corruptedLogits"]),
        "cleanMetric": float(r32["cleanMetric"]), "corruptedMetric": float(r32["corruptedMetric"]),
        "cache": js(r32["cache"]), "loss": tensor_json(r32["loss"]), "grads": js(r32["grads"]),
        "patchResidPre": tensor_json(r32["patchResidPre"].float()), "patchHeads": tensor_json(r32["patchHeads"].float()),
        "patchHeadsByPosition": tensor_json(r32["patchHeadsByPosition"].float()),
        "zeroAblatedLogits": tensor_json(r32["zeroAblatedLogits"]),
        "headAblatedLogits": tensor_json(r32["headAblatedLogits"]),
        "meanAblatedLogits": tensor_json(r32["meanAblatedLogits"]),
        "logitLens": tensor_json(r32["logitLens"]),
        "tol": TOL, "f64MaxErr": float(err)})


if __name__ == "__main__":
    main()

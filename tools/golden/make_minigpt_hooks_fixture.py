#!/usr/bin/python3
"""Writes the fixture of the GPT's hook points, for MiniGptHooksGoldenTest.

The model is notebook 07's GPT (`gpt_model.py`) with the weights of the GPT fixture
(`gpt.safetensors`, written by `make_gpt_fixture.py`), on the first two of that fixture's token
sequences. The forward is spelled out step by step, as TransformerLens runs it, and every
intermediate value is recorded under the name of the Java model's hook point that sees it:

- `hook_embed` [B, T, E], `hook_pos_embed` [T, E];
- per block N: `blocks.N.hook_resid_pre`, `blocks.N.attn.hook_q`/`hook_k`/`hook_v` [B, H, T, E/H],
  `blocks.N.attn.hook_scores` [B, H, T, T] (scaled, before the mask), `blocks.N.attn.hook_pattern`
  (after the softmax), `blocks.N.attn.hook_z` [B, H, T, E/H], `blocks.N.hook_attn_out`,
  `blocks.N.hook_resid_mid`, `blocks.N.mlp.hook_pre` / `hook_post` [B, T, 4E] (around GELU),
  `blocks.N.hook_mlp_out`, `blocks.N.hook_resid_post`.

The script asserts that the spelled-out forward gives `model(idx)`'s logits. It also writes
`grads` (d loss / d activation for a few names, loss = cross-entropy against the fixture's
targets), `ablatedLogits` (the logits with head 1 of `blocks.0.attn.hook_z` set to zero), and
`greedy` (the prompt `idx[0, :3]` continued greedily for 10 tokens, the context cut to the last
`block` tokens as nanoGPT's `generate` does). `tol` is 1e-4 of each tensor's scale, and
`f64MaxErr` how far float32 PyTorch is from float64.

Run from the repository root: /usr/bin/python3 tools/golden/make_minigpt_hooks_fixture.py
"""
import copy
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import OUT, tensor_json, write_json, max_err, safetensors_read  # noqa: E402
from gpt_model import TinyGpt  # noqa: E402

torch.set_num_threads(1)

TOL = 1e-4
GRAD_NAMES = ["blocks.1.attn.hook_z", "blocks.0.attn.hook_pattern", "blocks.0.hook_resid_mid", "blocks.1.mlp.hook_post"]


def hooked_forward(model, idx, edit=None):
    """model(idx) step by step; returns the logits and {hook name: value}; edit(name, value) may replace a value."""
    acts = {}

    def hook(name, x):
        if edit is not None:
            x = edit(name, x)
        if x.requires_grad:
            x.retain_grad()
        acts[name] = x
        return x

    b, t = idx.shape
    x = hook("hook_embed", model.tok(idx)) + hook("hook_pos_embed", model.pos(torch.arange(t)))
    for n, block in enumerate(model.blocks):
        p = "blocks.%d." % n
        x = hook(p + "hook_resid_pre", x)
        attn = block.attn
        e, heads = attn.embed_dim, attn.num_heads
        d = e // heads
        h = block.ln1(x)
        q, k, v = F.linear(h, attn.in_proj_weight, attn.in_proj_bias).chunk(3, -1)
        q, k, v = [hook(p + "attn.hook_" + nm, y.reshape(b, t, heads, d).transpose(1, 2))
                   for nm, y in (("q", q), ("k", k), ("v", v))]
        scores = hook(p + "attn.hook_scores", q @ k.transpose(-2, -1) / math.sqrt(d))
        mask = torch.triu(torch.full((t, t), float("-inf"), dtype=x.dtype), diagonal=1)
        pattern = hook(p + "attn.hook_pattern", (scores + mask).softmax(-1))
        z = hook(p + "attn.hook_z", pattern @ v)
        attn_out = hook(p + "hook_attn_out", F.linear(z.transpose(1, 2).reshape(b, t, e), attn.out_proj.weight, attn.out_proj.bias))
        x = hook(p + "hook_resid_mid", x + attn_out)
        pre = hook(p + "mlp.hook_pre", block.mlp[0](block.ln2(x)))
        post = hook(p + "mlp.hook_post", block.mlp[1](pre))
        x = hook(p + "hook_resid_post", x + hook(p + "hook_mlp_out", block.mlp[2](post)))
    return model.head(model.ln(x)), acts


def zero_head(layer_name, head):
    def edit(name, x):
        if name != layer_name:
            return x
        x = x.clone()
        x[:, head] = 0
        return x
    return edit


def greedy(model, prompt, steps, block):
    out = prompt
    for _ in range(steps):
        logits = model(out[:, -block:])
        out = torch.cat([out, logits[:, -1].argmax(-1, keepdim=True)], 1)
    return out


def run(model, idx, targets, vocab):
    logits, acts = hooked_forward(model, idx)
    loss = F.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1))
    loss.backward()
    with torch.no_grad():
        ablated, _ = hooked_forward(model, idx, zero_head("blocks.0.attn.hook_z", 1))
    return logits, acts, ablated


def main():
    with open(os.path.join(OUT, "gpt.json")) as f:
        gpt = json.load(f)
    cfg = gpt["config"]
    vocab = cfg["vocab"]
    model = TinyGpt(vocab, cfg["block"], cfg["embed"], cfg["heads"], cfg["layers"])
    with open(os.path.join(OUT, "gpt.safetensors"), "rb") as f:
        model.load_state_dict(safetensors_read(f.read()), strict=True)
    model.eval()

    def rows(entry):
        return torch.tensor(entry["data"]).reshape(entry["shape"])[:2].long()
    idx, targets = rows(gpt["idx"]), rows(gpt["targets"])

    logits, acts, ablated = run(model, idx, targets, vocab)
    assert (logits - model(idx)).abs().max() < 1e-5, "the spelled-out forward is not the model's"
    assert (ablated - logits).abs().max() > 1e-3, "zeroing a head changed nothing"
    m64 = copy.deepcopy(model).double()
    logits64, acts64, ablated64 = run(m64, idx, targets, vocab)
    err = max([max_err(logits, logits64), max_err(ablated, ablated64)]
              + [max_err(acts[n], acts64[n]) for n in acts]
              + [max_err(acts[n].grad, acts64[n].grad) for n in GRAD_NAMES])
    assert 3 * err <= TOL, "float32 PyTorch is %g from float64: the bound would not hold" % err

    with torch.no_grad():
        prompt = idx[:1, :3]
        generated = greedy(model, prompt, 10, cfg["block"])

    write_json("minigpt_hooks.json", {
        "about": "gpt.safetensors's model on idx[:2] of gpt.json, run step by step: every hook point's value, "
                 "d loss / d value for some, logits with head 1 of blocks.0.attn.hook_z zeroed, and a greedy generation",
        "idx": tensor_json(idx.float()),
        "targets": tensor_json(targets.float()),
        "logits": tensor_json(logits),
        "activations": [dict(name=n, **tensor_json(a)) for n, a in acts.items()],
        "grads": [dict(name=n, **tensor_json(acts[n].grad)) for n in GRAD_NAMES],
        "ablatedLogits": tensor_json(ablated),
        "greedy": {"prompt": tensor_json(prompt.float()), "steps": 10, "output": tensor_json(generated.float())},
        "tol": TOL, "f64MaxErr": float(err)})


if __name__ == "__main__":
    main()

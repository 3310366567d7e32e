#!/usr/bin/python3
"""Writes the fixture of the small GPT that notebook 07 builds, for GptGoldenTest.

The model (`gpt_model.py`) is the one in `notebooks/07-inside-a-transformer.ipynb` (and in the
test's `TinyGpt`): token and position embeddings, pre-LayerNorm blocks of causal self-attention and a
GELU MLP with residual connections, a final LayerNorm and a linear head. PyTorch initialises it
with a fixed seed and writes:

- `gpt.safetensors`: its state dict, with PyTorch's names (`blocks.0.attn.in_proj_weight`, ...),
  which the test loads unchanged into the Java model;
- `gpt.json`: the input indices and targets (as float tensors, the engine's convention), the
  logits, the cross-entropy loss, and the gradient of the loss for every parameter, in
  `named_parameters()` order, plus `tol` and `f64MaxErr` as in the other fixtures.

Run from the repository root: /usr/bin/python3 tools/golden/make_gpt_fixture.py
"""
import copy
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import OUT, tensor_json, write_json, max_err  # noqa: E402
from make_safetensors_fixture import serialize  # noqa: E402
from gpt_model import TinyGpt  # noqa: E402

torch.set_num_threads(1)

VOCAB, BLOCK, EMBED, HEADS, LAYERS, BATCH = 27, 8, 32, 4, 2, 3
TOL = 1e-4   # the bound: logits, loss and every gradient within 1e-4 relative


def run(model, idx, targets):
    model.zero_grad()
    logits = model(idx)
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))
    loss.backward()
    return logits, loss, {n: p.grad.clone() for n, p in model.named_parameters()}


def main():
    torch.manual_seed(7)
    model = TinyGpt(VOCAB, BLOCK, EMBED, HEADS, LAYERS)
    # LayerNorm starts at weight 1, bias 0 and attention biases at 0; perturb them so the
    # test also sees every affine parameter and bias act.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or ".ln" in "." + name:
                p.add_(0.1 * torch.randn_like(p))
    idx = torch.randint(0, VOCAB, (BATCH, BLOCK))
    targets = torch.randint(0, VOCAB, (BATCH, BLOCK))

    logits, loss, grads = run(model, idx, targets)
    m64 = copy.deepcopy(model).double()
    logits64, loss64, grads64 = run(m64, idx, targets)
    err = max([max_err(logits, logits64), max_err(loss, loss64)] +
              [max_err(grads[n], grads64[n]) for n in grads])
    assert 3 * err <= TOL, "float32 PyTorch is %g from float64: the bound would not hold" % err

    sd = model.state_dict()
    with open(os.path.join(OUT, "gpt.safetensors"), "wb") as f:
        f.write(serialize({k: v.contiguous() for k, v in sd.items()}, {"format": "pt"}))
    print("wrote gpt.safetensors")
    write_json("gpt.json", {
        "about": "notebook 07's TinyGpt (vocab %d, block %d, embed %d, heads %d, layers %d), weights in "
                 "gpt.safetensors; logits = model(idx), loss = cross_entropy over all positions, grads of loss"
                 % (VOCAB, BLOCK, EMBED, HEADS, LAYERS),
        "config": {"vocab": VOCAB, "block": BLOCK, "embed": EMBED, "heads": HEADS, "layers": LAYERS},
        "repr": repr(model),
        "idx": tensor_json(idx.float()),
        "targets": tensor_json(targets.float()),
        "logits": tensor_json(logits),
        "loss": tensor_json(loss),
        "grads": [dict(name=n, **tensor_json(g)) for n, g in grads.items()],
        "tol": TOL, "f64MaxErr": float(err)})


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# Golden fixtures for higher-order gradients (torch.autograd.grad with create_graph=True), from
# PyTorch 1.13:
#   cube      the first, second and third derivatives of sum(x^3)
#   mlp_hvp   a Hessian-vector product of a small MLP's loss with respect to its parameters
#             (Linear 4->6, tanh, Linear 6->3, cross-entropy): grad of <grad(loss), v>
#   wgan_gp   a WGAN-GP gradient penalty on a small CNN critic (Conv2d, LeakyReLU, Conv2d,
#             LeakyReLU, Linear): the penalty, the critic loss plus 10 x penalty, and every
#             parameter's gradient of that loss
#   norm_penalty  the squared norm of d(sum(out^2))/dx, out from a small net of the ops whose
#             plain backward is a fused kernel (Conv2d, batch norm in training, GELU, max pooling,
#             layer norm, Linear), backpropagated: the penalty and every parameter's gradient, and x's
# Parameters and inputs are drawn here and written out, so the Java side needs no generator.
#
# Writes engine/src/test/resources/golden/higher_order.json for HigherOrderGoldenTest.
# Re-run from the repository root with Debian's PyTorch: /usr/bin/python3 tools/golden/make_higher_order_fixtures.py
# The output is deterministic: re-running rewrites an identical file.

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import max_err, pick_tol, tensor_json, write_json  # noqa: E402

torch.set_num_threads(1)


def cube(dtype):
    x = torch.tensor([1.0, 2.0, -1.5, 0.25, -0.75], dtype=dtype, requires_grad=True)
    d1, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    d2, = torch.autograd.grad(d1.sum(), x, create_graph=True)
    d3, = torch.autograd.grad(d2.sum(), x)
    return {"x": x, "d1": d1, "d2": d2, "d3": d3}


def mlp_params(gen):
    return {
        "w1": torch.randn(6, 4, generator=gen) * 0.5, "b1": torch.randn(6, generator=gen) * 0.1,
        "w2": torch.randn(3, 6, generator=gen) * 0.5, "b2": torch.randn(3, generator=gen) * 0.1,
    }


def mlp_hvp(dtype, base):
    p = {k: v.to(dtype).clone().requires_grad_(True) for k, v in base["params"].items()}
    x, target = base["x"].to(dtype), base["target"]
    h = torch.tanh(F.linear(x, p["w1"], p["b1"]))
    loss = F.cross_entropy(F.linear(h, p["w2"], p["b2"]), target)
    names = ["w1", "b1", "w2", "b2"]
    grads = torch.autograd.grad(loss, [p[n] for n in names], create_graph=True)
    dot = sum((g * base["v"][n].to(dtype)).sum() for g, n in zip(grads, names))
    hv = torch.autograd.grad(dot, [p[n] for n in names])
    out = {"loss": loss}
    out.update({"grad_" + n: g for n, g in zip(names, grads)})
    out.update({"hv_" + n: g for n, g in zip(names, hv)})
    return out


def critic(x, p):
    h = F.leaky_relu(F.conv2d(x, p["c1w"], p["c1b"], stride=2, padding=1), 0.2)
    h = F.leaky_relu(F.conv2d(h, p["c2w"], p["c2b"], stride=2, padding=1), 0.2)
    return F.linear(h.flatten(1), p["lw"], p["lb"])


def wgan_gp(dtype, base):
    p = {k: v.to(dtype).clone().requires_grad_(True) for k, v in base["params"].items()}
    real, fake, eps = base["real"].to(dtype), base["fake"].to(dtype), base["eps"].to(dtype)
    mixed = (eps * real + (1 - eps) * fake).requires_grad_(True)
    score = critic(mixed, p)
    g, = torch.autograd.grad(score, mixed, torch.ones_like(score), create_graph=True)
    # the norm written as sqrt(sum(g^2)), as the Java side spells it
    penalty = ((g.reshape(g.shape[0], -1).pow(2).sum(1).sqrt() - 1) ** 2).mean()
    loss = critic(fake, p).mean() - critic(real, p).mean() + 10 * penalty
    loss.backward()
    out = {"penalty": penalty, "loss": loss}
    out.update({"grad_" + n: t.grad for n, t in p.items()})
    return out


def norm_net(x, p):
    h = F.conv2d(x, p["cw"], p["cb"], padding=1)
    h = F.batch_norm(h, None, None, p["bnw"], p["bnb"], training=True)
    h = F.max_pool2d(F.gelu(h), 2).flatten(1)
    h = F.layer_norm(h, [h.shape[1]], p["lnw"], p["lnb"])
    return F.linear(h, p["lw"], p["lb"])


def norm_penalty(dtype, base):
    p = {k: v.to(dtype).clone().requires_grad_(True) for k, v in base["params"].items()}
    x = base["x"].to(dtype).clone().requires_grad_(True)
    out = norm_net(x, p)
    g, = torch.autograd.grad(out.pow(2).sum(), x, create_graph=True)
    penalty = g.pow(2).sum()
    penalty.backward()
    res = {"out": out, "penalty": penalty, "grad_x": x.grad}
    res.update({"grad_" + n: t.grad for n, t in p.items()})
    return res


def compare(f32, f64, loose=False):
    """The tolerance from the float32-float64 difference; loose allows 1e-3, for a second
    derivative through two normalisations, which magnifies float32's rounding."""
    err = max(max_err(f32[k], f64[k]) for k in f32)
    if loose and err * 3 > 1e-4:
        assert err * 3 <= 1e-3, "PyTorch float32 differs from float64 by %g" % err
        return 1e-3, float("%.3g" % err)
    return pick_tol(err), float("%.3g" % err)


def main():
    gen = torch.Generator().manual_seed(2026)
    c32, c64 = cube(torch.float32), cube(torch.float64)
    tol, err = compare(c32, c64)
    fixture = {"cube": dict({k: tensor_json(v.detach()) for k, v in c32.items()}, tol=tol, f64MaxErr=err)}

    base = {"params": mlp_params(gen), "x": torch.randn(5, 4, generator=gen),
            "target": torch.tensor([0, 2, 1, 2, 0])}
    base["v"] = {n: torch.randn(t.shape, generator=gen) for n, t in base["params"].items()}
    m32, m64 = mlp_hvp(torch.float32, base), mlp_hvp(torch.float64, base)
    tol, err = compare(m32, m64)
    fixture["mlp_hvp"] = {
        "params": {k: tensor_json(v) for k, v in base["params"].items()},
        "x": tensor_json(base["x"]), "target": tensor_json(base["target"].float()),
        "v": {k: tensor_json(v) for k, v in base["v"].items()},
        "expected": {k: tensor_json(v.detach()) for k, v in m32.items()},
        "tol": tol, "f64MaxErr": err}

    params = {"c1w": torch.randn(4, 1, 3, 3, generator=gen) * 0.4, "c1b": torch.randn(4, generator=gen) * 0.1,
              "c2w": torch.randn(8, 4, 3, 3, generator=gen) * 0.2, "c2b": torch.randn(8, generator=gen) * 0.1,
              "lw": torch.randn(1, 32, generator=gen) * 0.2, "lb": torch.randn(1, generator=gen) * 0.1}
    base = {"params": params, "real": torch.randn(3, 1, 8, 8, generator=gen),
            "fake": torch.randn(3, 1, 8, 8, generator=gen), "eps": torch.rand(3, 1, 1, 1, generator=gen)}
    w32, w64 = wgan_gp(torch.float32, base), wgan_gp(torch.float64, base)
    tol, err = compare(w32, w64)
    fixture["wgan_gp"] = {
        "params": {k: tensor_json(v) for k, v in params.items()},
        "real": tensor_json(base["real"]), "fake": tensor_json(base["fake"]), "eps": tensor_json(base["eps"]),
        "expected": {k: tensor_json(v.detach()) for k, v in w32.items()},
        "tol": tol, "f64MaxErr": err}

    params = {"cw": torch.randn(3, 2, 3, 3, generator=gen) * 0.4, "cb": torch.randn(3, generator=gen) * 0.1,
              "bnw": 1 + torch.randn(3, generator=gen) * 0.2, "bnb": torch.randn(3, generator=gen) * 0.1,
              "lnw": 1 + torch.randn(27, generator=gen) * 0.2, "lnb": torch.randn(27, generator=gen) * 0.1,
              "lw": torch.randn(3, 27, generator=gen) * 0.3, "lb": torch.randn(3, generator=gen) * 0.1}
    base = {"params": params, "x": torch.randn(4, 2, 6, 6, generator=gen)}
    n32, n64 = norm_penalty(torch.float32, base), norm_penalty(torch.float64, base)
    tol, err = compare(n32, n64, loose=True)
    fixture["norm_penalty"] = {
        "params": {k: tensor_json(v) for k, v in params.items()}, "x": tensor_json(base["x"]),
        "expected": {k: tensor_json(v.detach()) for k, v in n32.items()},
        "tol": tol, "f64MaxErr": err}
    write_json("higher_order.json", fixture)


if __name__ == "__main__":
    main()

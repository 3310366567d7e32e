#!/usr/bin/python3
"""Writes the fixtures of AttributionGoldenTest: Captum's attributions, spelled in plain torch.

Captum is not installed here, so each method below is written out as Captum 0.8 computes it
(the function names say which Captum class it stands for; the comments say which Captum
function each step mirrors). Where Captum can be imported (it is pure Python: its source on
PYTHONPATH will do, with a stand-in `tqdm` module if that is missing), the script also runs each
case through Captum's own classes and asserts the results are equal bit for bit:

- saliency: `Saliency(model).attribute(x, target, abs=True)`: |d sum_n out[n, target] / d x|.
- integrated gradients: `IntegratedGradients(model).attribute(x, baseline, target, n_steps,
  method="gausslegendre", return_convergence_delta=True)`: the points and weights are numpy's
  `leggauss(n)` mapped onto [0, 1] (`approximation_methods.gauss_legendre_builders`), every step
  in one forward (`torch.cat` along the batch), the gradients weighted and summed per sample
  (`_reshape_and_sum`), times (x - baseline); the delta is `compute_convergence_delta`:
  sum(attr) per sample - (F(x) - F(baseline)).
- Grad-CAM: `LayerGradCam(model, layer).attribute(x, target, relu_attributions=True)` then
  `LayerAttribution.interpolate(cam, x.shape[2:], "bilinear")` (align_corners left at None,
  which is False): the layer's output gradient averaged over its spatial dims, times the
  output, summed over channels, ReLU, upsampled.
- occlusion: `Occlusion(model).attribute(x, sliding_window_shapes, strides, baselines=0,
  target)`: shift counts ceil((size - window) / stride) + 1 per dim, the window of ones
  padded with `F.pad` (negative padding crops the last window at the border,
  `Occlusion._occlusion_mask`), the drop of out[:, target] spread over the window, and each
  element's sum divided by the number of windows that covered it (`use_weights`).

The model is a small CNN (Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, Flatten, Linear) with PyTorch's
default initialisation under a fixed seed, its weights then tripled and its biases nudged. Written, from the repository root
(`/usr/bin/python3 tools/golden/make_attribution_fixtures.py`), deterministically:

- `attribution_cnn.safetensors`: the model's state dict (`0.weight`, `0.bias`, `3.weight`, ...);
- `attribution.json`: the input [3, 1, 10, 10], the logits, and per case the method, its
  arguments and PyTorch's result (`values`, and `delta` for integrated gradients), with `tol` and
  `f64MaxErr`: the same computation in float64 from the same float32 weights and input.
"""
import copy
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import OUT, max_err, pick_tol, tensor_json, write_json  # noqa: E402
from make_safetensors_fixture import serialize  # noqa: E402

torch.set_num_threads(1)


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(6 * 5 * 5, 5))


def saliency(model, x, target):
    """captum.attr.Saliency, abs=True."""
    x = x.clone().requires_grad_()
    out = model(x)[:, target]
    g, = torch.autograd.grad(torch.unbind(out), x)
    return g.abs()


def integrated_gradients(model, x, target, baseline, n_steps):
    """captum.attr.IntegratedGradients, method "gausslegendre", with the convergence delta."""
    nodes, weights = np.polynomial.legendre.leggauss(n_steps)
    step_sizes = (0.5 * weights).tolist()
    alphas = (0.5 * (1 + nodes)).tolist()
    scaled = torch.cat([baseline + a * (x - baseline) for a in alphas], dim=0).requires_grad_()
    out = model(scaled)[:, target]
    grad, = torch.autograd.grad(torch.unbind(out), scaled)
    scaled_grad = grad.contiguous().view(n_steps, -1) * torch.tensor(step_sizes).to(x.dtype).view(n_steps, 1)
    total = scaled_grad.reshape((n_steps, x.shape[0]) + tuple(x.shape[1:])).sum(0)
    attr = total * (x - baseline)
    with torch.no_grad():
        start = model(baseline.expand_as(x))[:, target]
        end = model(x)[:, target]
        delta = attr.reshape(x.shape[0], -1).sum(1) - (end - start)
    return attr, delta


def grad_cam(model, layer, x, target):
    """captum.attr.LayerGradCam(relu_attributions=True) + LayerAttribution.interpolate(bilinear)."""
    saved = {}
    handle = layer.register_forward_hook(lambda m, i, o: saved.__setitem__("act", o))
    try:
        out = model(x)[:, target]
    finally:
        handle.remove()
    act = saved["act"]
    grad, = torch.autograd.grad(torch.unbind(out), act)
    weights = grad.mean(dim=tuple(range(2, grad.dim())), keepdim=True)
    cam = F.relu((weights * act).sum(1, keepdim=True))
    return F.interpolate(cam, tuple(x.shape[2:]), mode="bilinear").squeeze(1).detach()


def occlusion_mask(x, feature, window, strides, shift_counts):
    """Occlusion._occlusion_mask: the window of ones moved to feature's place, padded (or cropped) to x's sample shape."""
    index = []
    remaining = feature
    for count, stride in zip(shift_counts, strides):
        index.append((remaining % count) * stride)
        remaining //= count
    after = np.subtract(x.shape[1:], np.add(index, window))
    pad = [int(v) for pair in zip(after, index) for v in pair]
    pad.reverse()
    return F.pad(torch.ones(window, dtype=x.dtype), tuple(pad)).reshape((1,) + tuple(x.shape[1:]))


def occlusion(model, x, target, window, strides):
    """captum.attr.Occlusion with baselines 0, perturbations_per_eval 1."""
    counts = [int(v) for v in np.add(np.ceil(np.divide(np.subtract(x.shape[1:], window), strides)).astype(int), 1)]
    with torch.no_grad():
        initial = model(x)[:, target]
        total = torch.zeros(x.shape, dtype=x.dtype)
        weight = torch.zeros(x.shape[1:], dtype=x.dtype)
        for feature in range(int(np.prod(counts))):
            mask = occlusion_mask(x, feature, window, strides, counts)
            modified = model(x * (1 - mask) + 0 * mask)[:, target]
            diff = initial - modified
            total += diff.reshape((-1,) + (1,) * (x.dim() - 1)) * mask
            weight += mask[0]
    return total / weight


CASES = [
    dict(name="saliency", method="saliency", target=2),
    dict(name="ig_zero_baseline_50", method="integratedGradients", target=2, baseline=None, steps=50),
    dict(name="ig_half_baseline_7", method="integratedGradients", target=4, baseline=0.5, steps=7),
    dict(name="gradcam_conv2", method="gradCam", target=3, layer="3"),
    dict(name="gradcam_relu2", method="gradCam", target=1, layer="4"),
    dict(name="gradcam_relu1", method="gradCam", target=4, layer="1"),
    dict(name="occlusion_3x3_stride2", method="occlusion", target=2, window=[1, 3, 3], stride=[1, 2, 2]),
    dict(name="occlusion_2x2_stride1", method="occlusion", target=0, window=[1, 2, 2], stride=[1, 1, 1]),
]


def run_case(case, model, x):
    m, t = case["method"], case["target"]
    if m == "saliency":
        return saliency(model, x, t), None
    if m == "integratedGradients":
        b = torch.zeros_like(x) if case["baseline"] is None else torch.full_like(x, case["baseline"])
        return integrated_gradients(model, x, t, b, case["steps"])
    if m == "gradCam":
        return grad_cam(model, model.get_submodule(case["layer"]), x, t), None
    if m == "occlusion":
        return occlusion(model, x, t, case["window"], case["stride"]), None
    raise ValueError(m)


def captum_result(case, model, x):
    """The same case through Captum's own classes (values and delta), for the cross-check."""
    from captum.attr import IntegratedGradients, LayerAttribution, LayerGradCam, Occlusion, Saliency
    m, t = case["method"], case["target"]
    if m == "saliency":
        return Saliency(model).attribute(x, target=t), None
    if m == "integratedGradients":
        b = torch.zeros_like(x) if case["baseline"] is None else torch.full_like(x, case["baseline"])
        return IntegratedGradients(model).attribute(x, baselines=b, target=t, n_steps=case["steps"],
                                                    return_convergence_delta=True)
    if m == "gradCam":
        cam = LayerGradCam(model, model.get_submodule(case["layer"])).attribute(x, target=t, relu_attributions=True)
        return LayerAttribution.interpolate(cam, tuple(x.shape[2:]), "bilinear").squeeze(1), None
    return Occlusion(model).attribute(x, sliding_window_shapes=tuple(case["window"]), strides=tuple(case["stride"]),
                                      baselines=0, target=t), None


def cross_check_with_captum(model, x):
    """Where Captum can be imported, asserts the plain-torch spelling above gives its results bit for bit."""
    try:
        import captum
    except ImportError:
        print("captum not importable: the plain-torch spelling is not cross-checked this run")
        return
    for case in CASES:
        values, delta = run_case(case, model, x)
        ref_values, ref_delta = captum_result(case, model, x)
        assert torch.equal(values, ref_values.detach()), case["name"]
        assert delta is None or torch.equal(delta, ref_delta), case["name"]
    print("every case equals Captum %s's result bit for bit" % captum.__version__)


def main():
    torch.manual_seed(21)
    model = cnn()
    # Default initialisation gives logits near 0 and Grad-CAM maps that ReLU clears; larger
    # weights and non-zero biases give each method something to show.
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.mul_(3.0) if name.endswith("weight") else p.add_(0.1 * torch.randn_like(p))
    x = torch.rand(3, 1, 10, 10)
    m64, x64 = copy.deepcopy(model).double(), x.double()
    cases = []
    for case in CASES:
        values, delta = run_case(case, model, x)
        values64, delta64 = run_case(case, m64, x64)
        err = max_err(values, values64)
        if delta is not None:
            err = max(err, max_err(delta, delta64))
        entry = dict(case)
        entry.pop("baseline", None)
        if case["method"] == "integratedGradients":
            entry["baseline"] = 0.0 if case["baseline"] is None else case["baseline"]
        entry["values"] = tensor_json(values)
        if delta is not None:
            entry["delta"] = tensor_json(delta)
        entry["tol"] = pick_tol(err)
        entry["f64MaxErr"] = err
        cases.append(entry)
        print("%-24s f64 err %.3g" % (case["name"], err))

    cross_check_with_captum(model, x)

    with open(os.path.join(OUT, "attribution_cnn.safetensors"), "wb") as f:
        f.write(serialize({k: v.contiguous() for k, v in model.state_dict().items()}, {"format": "pt"}))
    print("wrote attribution_cnn.safetensors")
    with torch.no_grad():
        logits = model(x)
    write_json("attribution.json", {
        "about": "Captum's Saliency, IntegratedGradients (gausslegendre), LayerGradCam (relu, bilinear upsampling) and "
                 "Occlusion (baselines 0) in plain torch, on the CNN of attribution_cnn.safetensors",
        "repr": repr(model),
        "input": tensor_json(x),
        "logits": tensor_json(logits),
        "cases": cases})


if __name__ == "__main__":
    main()

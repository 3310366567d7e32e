#!/usr/bin/python3
# Golden fixtures for the hooks beyond module forward/backward hooks: state-dict hooks, graph
# node hooks (grad_fn.register_hook / register_prehook), their order among tensor hooks and
# retain_grad, removing hooks while they run, and saved-tensors hooks.
#
# Writes engine/src/test/resources/golden/hooks2.json. Re-run from the repository root with
# Debian's PyTorch 1.13 (the python3 on PATH has no torch):
#   /usr/bin/python3 tools/golden/make_hook_fixtures_2.py
# Deterministic: fixed inputs, one thread. The format is described in tools/golden/README.md.

import json
import os

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "engine", "src", "test", "resources", "golden", "hooks2.json")


def f32(v):
    return float(np.float32(v))


def tensor(t):
    if t is None:
        return None
    t = t.detach()
    return {"shape": list(t.shape), "data": [f32(v) for v in t.reshape(-1).tolist()]}


def shapes(ts):
    return [None if t is None else list(t.shape) for t in ts]


def model():
    """Sequential(Linear(3, 2), Sequential(Linear(2, 2), ReLU())) with fixed weights."""
    m = nn.Sequential(nn.Linear(3, 2), nn.Sequential(nn.Linear(2, 2), nn.ReLU()))
    with torch.no_grad():
        for i, p in enumerate(m.parameters()):
            p.copy_(torch.arange(p.numel(), dtype=torch.float32).reshape(p.shape) * 0.1 + i)
    return m


# ------------------------------------------------------------------ state-dict hooks

def state_dict_hooks():
    m = model()
    calls = []
    for path, mod in m.named_modules():
        def post(module, sd, prefix, meta, path=path):
            calls.append({"kind": "stateDictPost", "module": path, "prefix": prefix, "keys": list(sd.keys())})
        mod._register_state_dict_hook(post)
    sd = m.state_dict()
    save = {"calls": calls, "keys": list(sd.keys())}

    # Loading: pre hooks (before a module loads its own entries, parent first) and post
    # hooks (after its children, with the keys missing and unexpected so far).
    m = model()
    calls = []
    for path, mod in m.named_modules():
        def pre(module, sd, prefix, meta, strict, missing, unexpected, errors, path=path):
            calls.append({"kind": "loadPre", "module": path, "prefix": prefix, "keys": list(sd.keys())})
        def post(module, incompatible, path=path):
            calls.append({"kind": "loadPost", "module": path, "missing": list(incompatible.missing_keys),
                          "unexpected": list(incompatible.unexpected_keys)})
        mod._register_load_state_dict_pre_hook(pre, with_module=True)
        mod.register_load_state_dict_post_hook(post)
    checkpoint = {k: v.clone() * 0 + 7 for k, v in model().state_dict().items()}
    del checkpoint["1.0.bias"]
    checkpoint["extra"] = torch.ones(1)
    result = m.load_state_dict(checkpoint, strict=False)
    load = {"checkpointKeys": list(checkpoint.keys()), "calls": calls,
            "missing": list(result.missing_keys), "unexpected": list(result.unexpected_keys)}

    # An old checkpoint with a renamed key, fixed by a pre hook on "1.0"; strict load succeeds.
    m = model()
    old = model().state_dict()
    old["1.0.w_old"] = old.pop("1.0.weight") * 0 + 5

    def rename(module, sd, prefix, meta, strict, missing, unexpected, errors):
        if prefix + "w_old" in sd:
            sd[prefix + "weight"] = sd.pop(prefix + "w_old")
    m[1][0]._register_load_state_dict_pre_hook(rename, with_module=True)
    r = m.load_state_dict(old, strict=True)
    renamed = {"missing": list(r.missing_keys), "unexpected": list(r.unexpected_keys),
               "weight": tensor(m[1][0].weight)}

    # A post hook that clears the missing keys in place: the strict check passes.
    m = model()
    partial = model().state_dict()
    del partial["0.bias"]
    m.register_load_state_dict_post_hook(lambda module, keys: keys.missing_keys.clear())
    r = m.load_state_dict(partial, strict=True)
    cleared = {"missing": list(r.missing_keys), "unexpected": list(r.unexpected_keys)}
    return {"save": save, "load": load, "renamed": renamed, "clearedMissing": cleared}


# ------------------------------------------------------------------ node hooks

X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]]
W = [0.3, -0.7, 1.1]


def leaves():
    return torch.tensor(X, requires_grad=True), torch.tensor(W, requires_grad=True)


def node_hooks():
    """Order of tensor hooks, retain_grad, node pre-hooks and node hooks on y = exp(x * w)."""
    x, w = leaves()
    y = (x * w).exp()
    calls = []
    # Registered before retain_grad: then 1.13 (hooks in registration order) and 2.x (engine.cpp
    # call_tensor_pre_hooks: tensor hooks, then retains_grad hooks) agree.
    y.register_hook(lambda g: calls.append({"kind": "tensorHook", "retainedGradSet": y.grad is not None}))
    y.retain_grad()
    node = y.grad_fn
    node.register_prehook(lambda go: calls.append({"kind": "nodePrehook", "retainedGradSet": y.grad is not None,
                                                   "gradOutputs": shapes(go)}))
    node.register_hook(lambda gi, go: calls.append({"kind": "nodeHook", "gradInputs": shapes(gi),
                                                    "gradOutputs": shapes(go)}))
    mul = node.next_functions[0][0]
    acc_x = mul.next_functions[0][0]
    mul.register_prehook(lambda go: calls.append({"kind": "mulPrehook"}))
    mul.register_hook(lambda gi, go: calls.append({"kind": "mulHook", "gradInputs": shapes(gi)}))
    # (No tensor hook on the leaf x: 1.13 ran it after the accumulator's pre-hooks, 2.x before.)
    acc_x.register_prehook(lambda go: calls.append({"kind": "accumulatePrehook", "gradSet": x.grad is not None}))
    acc_x.register_hook(lambda gi, go: calls.append({"kind": "accumulateHook", "gradSet": x.grad is not None,
                                                     "gradInputs": shapes(gi), "gradOutputs": shapes(go)}))
    y.sum().backward()
    order = {"names": [node.name(), mul.name(), acc_x.name()], "calls": calls}

    # Replacing: the pre-hook doubles the gradient of y, the node hook triples ExpBackward's result.
    x, w = leaves()
    y = (x * w).exp()
    y.grad_fn.register_prehook(lambda go: (go[0] * 2,))
    y.grad_fn.register_hook(lambda gi, go: (gi[0] * 3,))
    y.sum().backward()
    replacing = {"xGrad": tensor(x.grad), "wGrad": tensor(w.grad)}
    return {"order": order, "replacing": replacing}


# ------------------------------------------------------------------ removal while hooks run

def removal():
    out = {}
    x = torch.tensor([1.0], requires_grad=True)
    y = x * 1
    log, handles = [], {}
    handles["first"] = y.register_hook(lambda g: (log.append("first"), handles["second"].remove())[0])
    handles["second"] = y.register_hook(lambda g: (log.append("second"), g * 100)[1])
    handles["third"] = y.register_hook(lambda g: log.append("third"))
    y.sum().backward(retain_graph=True)
    runs = [list(log)]
    log.clear()
    y.sum().backward()
    runs.append(list(log))
    out["tensorHooks"] = {"runs": runs, "xGrad": tensor(x.grad)}

    for kind in ("prehook", "hook"):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp()
        z = y * 3
        log, handles = [], {}
        reg = y.grad_fn.register_prehook if kind == "prehook" else y.grad_fn.register_hook

        def mk(name, remove=None, remove_self=False):
            def h(*args):
                log.append(name)
                if remove:
                    handles[remove].remove()
                if remove_self:
                    handles[name].remove()
            return h
        handles["a"] = reg(mk("a", remove="b"))
        handles["b"] = reg(mk("b"))
        handles["c"] = reg(mk("c", remove_self=True))
        handles["d"] = reg(mk("d"))
        runs = []
        for _ in range(2):
            z.sum().backward(retain_graph=True)
            runs.append(list(log))
            log.clear()
        out["node" + kind[0].upper() + kind[1:] + "s"] = {"runs": runs}
    return out


# ------------------------------------------------------------------ saved-tensors hooks

def saved_tensors_hooks():
    x, w = leaves()
    packed, unpacked, store = [], [], []

    def pack(t):
        packed.append(list(t.shape))
        store.append(t)
        return len(store) - 1

    def unpack(i):
        unpacked.append(i)
        return store[i]
    with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = (x * w).exp().tanh().sum()
    y.backward()
    plain = {"packedShapes": packed, "unpackedIndices": unpacked, "xGrad": tensor(x.grad), "wGrad": tensor(w.grad)}

    # Nested scopes: the innermost packs; after it closes, the outer one packs again.
    x, w = leaves()
    labels = []
    outer = (lambda t: (labels.append("outer"), t)[1], lambda t: t)
    inner = (lambda t: (labels.append("inner"), t)[1], lambda t: t)
    with torch.autograd.graph.saved_tensors_hooks(*outer):
        a = x.exp()
        with torch.autograd.graph.saved_tensors_hooks(*inner):
            b = a.tanh()
        c = b.exp()
    c.sum().backward()
    nested = {"packers": labels}

    # An unpack hook whose tensor differs changes the gradient: exp's backward reads the saved result.
    x, _ = leaves()
    with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t * 2):
        y = x.exp()
    y.sum().backward()
    doubled = {"xGrad": tensor(x.grad)}
    return {"x": X, "w": W, "plain": plain, "nested": nested, "unpackDoubles": doubled}


def main():
    fixture = {
        "torch": torch.__version__,
        "stateDictHooks": state_dict_hooks(),
        "nodeHooks": node_hooks(),
        "removal": removal(),
        "savedTensorsHooks": saved_tensors_hooks(),
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()

"""Writes engine/src/test/resources/golden/summary.json: what torchinfo's summary(model, input_size)
prints for the models of the notebooks and for one with frozen, shared and reused parts.

torchinfo is not packaged for Debian, so this script applies its rules itself, with forward
pre-hooks and forward hooks as torchinfo does. The rules are those of torchinfo's source
(github.com/TylerYep/torchinfo, commit 5c4164f1e2e185ce33c597dbe00535bf8ed2b930):
  - torchinfo/torchinfo.py: construct_pre_hook / construct_hook (one row per call, depth from
    the calls in progress, "(recursive)" for a module seen before), set_children_layers
    (depth-idx counts per depth over the whole table);
  - torchinfo/layer_info.py: calculate_num_params, calculate_macs, num_params_to_str,
    _leftover, trainable;
  - torchinfo/model_statistics.py: totals from the root, mult-adds and the forward/backward
    size from the leaf layers (x2 for gradients, layers with parameters only), "(recursive)"
    for a module whose own parameters were all counted on an earlier row, format_output_num;
  - torchinfo/formatting.py: the table layout (column width 25, layer column at least 40,
    rounded up to a multiple of 5).
Settings: col_names=("output_size", "num_params", "trainable"), row_settings=("depth",
"var_names"), the model in eval mode. Two differences, both on purpose: the layer's var_name is
its dotted path in the model (the root has none), and "Input size" is the inputs' bytes
(torchinfo takes sys.getsizeof of the storage, which adds Python's object header).

Run from the repository root: /usr/bin/python3 tools/golden/make_summary_fixtures.py
"""
import json
import math
import os

import torch
from torch import nn
import torch.nn.functional as F

COL_WIDTH = 25
HEADERS = ["Output Shape", "Param #", "Trainable"]


def prod(xs):
    r = 1
    for x in xs:
        r *= x
    return r


class Row:
    def __init__(self, module, path, depth):
        self.module = module
        self.class_name = type(module).__name__
        self.path = path
        self.depth = depth
        self.depth_index = None
        self.children = []
        self.is_leaf = not any(module.children())
        self.is_recursive = False
        self.output_size = []
        self.output_bytes = 0
        self.macs = 0
        self.num_params = sum(p.numel() for p in module.parameters())
        self.trainable_params = sum(p.numel() for p in module.parameters() if p.requires_grad)

    def name(self):
        s = self.class_name
        if self.path:
            s += f" ({self.path})"
        if self.depth > 0:
            s += f": {self.depth}-{self.depth_index}"
        return s

    def calculate_macs(self):  # layer_info.calculate_macs, for the names "weight" and "bias"
        for name, p in self.module.named_parameters():
            if name in ("weight", "bias"):
                if "Conv" in self.class_name:
                    self.macs += p.numel() * prod(self.output_size[:1] + self.output_size[2:])
                elif "Linear" in self.class_name:
                    self.macs += p.numel() * prod(self.output_size[:-1])
                else:
                    self.macs += self.output_size[0] * p.numel()
            elif "weight" in name or "bias" in name:
                self.macs += prod(self.output_size[:2]) * p.numel()

    def trainable(self):
        if self.num_params == 0:
            return "--"
        if self.trainable_params == 0:
            return "False"
        if self.num_params == self.trainable_params:
            return "True"
        return "Partial"

    def leftover(self, attr):
        total = getattr(self, attr)
        seen = set()
        i, n = 0, len(self.children)
        while i < n:
            child = self.children[i]
            if child.is_recursive:
                if id(child.module) not in seen:
                    seen.add(id(child.module))
                    total -= getattr(child, attr)
                i += 1
                while i < n and self.children[i].depth > child.depth:
                    i += 1
                continue
            seen.add(id(child.module))
            total -= getattr(child, attr) if child.is_leaf else child.leftover(attr)
            i += 1
        return total

    def params_str(self, reached_max_depth):
        if self.num_params == 0:
            return "--"
        if self.is_recursive:
            return "(recursive)"
        if reached_max_depth or self.is_leaf:
            s = f"{self.num_params:,}"
            return s if self.trainable_params else f"({s})"
        left = self.leftover("num_params")
        return f"{left:,}" if left > 0 else "--"


def summarize(model, input_sizes):
    paths = {}
    for path, m in model.named_modules():
        paths.setdefault(id(m), path)
    rows, stack, seen_modules, handles = [], [], set(), []

    def pre_hook(m, inputs):
        row = Row(m, paths[id(m)], len(stack))
        row.is_recursive = id(m) in seen_modules
        seen_modules.add(id(m))
        rows.append(row)
        stack.append(row)

    def hook(m, inputs, output):
        row = stack.pop()
        assert row.module is m
        row.output_size = list(output.size())
        row.output_bytes = output.element_size() * prod(row.output_size)
        row.calculate_macs()

    for m in dict((id(m), m) for m in model.modules()).values():
        handles.append(m.register_forward_pre_hook(pre_hook))
        handles.append(m.register_forward_hook(hook))
    was_training = model.training
    model.eval()
    inputs = [torch.zeros(*s) for s in input_sizes]
    with torch.no_grad():
        model(*inputs)
    model.train(was_training)
    for h in handles:
        h.remove()

    counters = {}
    for i, row in enumerate(rows):  # set_children_layers
        counters[row.depth] = counters.get(row.depth, 0) + 1
        row.depth_index = counters[row.depth]
        j = i + 1
        while j < len(rows) and rows[j].depth > row.depth:
            j += 1
        row.children = rows[i + 1:j]

    root = rows[0]
    total_params, trainable_params = root.num_params, root.trainable_params
    total_mult_adds = sum(r.macs for r in rows if r.is_leaf)
    output_bytes = sum(2 * r.output_bytes for r in rows if r.is_leaf and r.num_params > 0)
    param_bytes = 4 * total_params
    input_bytes = sum(x.element_size() * x.numel() for x in inputs)
    seen_params = set()
    for r in rows:  # ModelStatistics: a module whose own parameters were all counted before
        direct = list(r.module.parameters(recurse=False))
        new = False
        for p in direct:
            if id(p) not in seen_params:
                seen_params.add(id(p))
                new = True
        if not new and any(p.numel() for p in direct):
            r.is_recursive = True
    return dict(rows=rows, total_params=total_params, trainable_params=trainable_params,
                total_mult_adds=total_mult_adds, input_bytes=input_bytes, output_bytes=output_bytes,
                param_bytes=param_bytes)


def format_num(num, auto_units, is_bytes):  # ModelStatistics.format_output_num
    units, value = "", float(num)
    if auto_units:
        for factor, name in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
            if num >= factor:
                units, value = name, num / factor
                break
    display = "" if units == "" else f" ({units}{'B' if is_bytes else ''})"
    if value.is_integer():
        return f"{display}: {int(value):,d}"
    return f"{display}: {value:,.2f}"


def table(s, max_depth):
    rows = s["rows"]
    width = 40
    longest = max(len(r.name()) + r.depth * 5 + 1 for r in rows)
    if longest >= width:
        width = math.ceil(longest / 5) * 5

    def fmt(name, values):
        line = f"{name:<{width}} "
        for v in values:
            line += f"{v:<{COL_WIDTH}} "
        return line.rstrip() + "\n"

    def start(depth):
        if depth == 0:
            return ""
        if depth == 1:
            return "├─"
        return "│    " * (depth - 1) + "└─"

    divider = "=" * (len(HEADERS) * COL_WIDTH + width)
    out = divider + "\n" + fmt("Layer (type (var_name):depth-idx)", HEADERS) + divider + "\n"
    for r in rows:
        if r.depth > max_depth:
            continue
        size = str(r.output_size) if r.output_size else "--"
        out += fmt(start(r.depth) + r.name(), [size, r.params_str(r.depth == max_depth), r.trainable()])
    total = s["input_bytes"] + s["output_bytes"] + s["param_bytes"]
    out += (f"{divider}\n"
            f"Total params{format_num(s['total_params'], False, False)}\n"
            f"Trainable params{format_num(s['trainable_params'], False, False)}\n"
            f"Non-trainable params{format_num(s['total_params'] - s['trainable_params'], False, False)}\n"
            f"Total mult-adds{format_num(s['total_mult_adds'], True, False)}\n"
            f"{divider}\n"
            f"Input size{format_num(s['input_bytes'], True, True)}\n"
            f"Forward/backward pass size{format_num(s['output_bytes'], True, True)}\n"
            f"Params size{format_num(s['param_bytes'], True, True)}\n"
            f"Estimated Total Size{format_num(total, True, True)}\n"
            f"{divider}")
    return out


class TiedLinear(nn.Module):
    """A linear map without bias whose weight belongs to another module (weight tying)."""

    def __init__(self, weight):
        super().__init__()
        self.weight = weight

    def forward(self, x):
        return F.linear(x, self.weight)


def digits_cnn():  # notebooks/04-train-save-and-devices.ipynb
    return nn.Sequential(nn.Conv2d(1, 8, 3, 1, 1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(128, 10))


def fashion_cnn():  # notebooks/05-fashion-mnist.ipynb
    return nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, 1, 1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def mnist_mlp():  # bench TrainingStepBench.MnistMlp
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


def frozen_shared():
    """Frozen, partly frozen, tied and reused parts, nested three deep (ModelSummaryTest builds the same)."""
    encoder = nn.Sequential(nn.Linear(8, 16), nn.ReLU())
    frozen = nn.Linear(16, 16)
    frozen.requires_grad_(False)
    partial = nn.Linear(16, 16)
    partial.bias.requires_grad_(False)
    relu = nn.ReLU()
    tied = TiedLinear(partial.weight)
    head = nn.Sequential(nn.Sequential(nn.Linear(16, 4)))
    return nn.Sequential(encoder, frozen, partial, relu, tied, partial, relu, head)


CASES = [
    ("digitsCnn", digits_cnn, [[16, 1, 8, 8]], [3]),
    ("fashionCnn", fashion_cnn, [[64, 1, 28, 28]], [3]),
    ("mnistMlp", mnist_mlp, [[128, 784]], [3]),
    ("frozenShared", frozen_shared, [[4, 8]], [3, 2, 1]),
]


def main():
    torch.manual_seed(0)
    cases = []
    for name, make, sizes, depths in CASES:
        s = summarize(make(), sizes)
        cases.append({
            "name": name,
            "inputShapes": sizes,
            "totalParameters": s["total_params"],
            "trainableParameters": s["trainable_params"],
            "multAdds": s["total_mult_adds"],
            "rows": [{"layer": r.name(), "depth": r.depth, "outputShape": r.output_size} for r in s["rows"]],
            "tables": {str(d): table(s, d) for d in depths},
        })
    out = os.path.join("engine", "src", "test", "resources", "golden", "summary.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", out)
    print(cases[3]["tables"]["3"])
    print(cases[0]["tables"]["3"])


if __name__ == "__main__":
    main()

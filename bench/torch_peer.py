#!/usr/bin/python3
"""PyTorch timings of the workloads in bench/src (the JMH benchmarks), for bench/run.

Each workload builds the same tensors and runs the same ops as the JMH method of the same key,
"Class.method" plus its JMH parameter values (e.g. "MatmulBench.matmul 512x512x512",
"ConvBench.forward 32"). It is timed as JMH times the Java side in sample mode: warmup
iterations, then measured iterations, each running calls until its time is up, every call
timed. Prints one JSON object:
  {"torch": version, "threads": n, "blas": "NAME (PATH)",
   "results": {key: {"mean_us", "p10_us", "p50_us", "p90_us", "calls", "faults_per_call"}}}

Warmed as a long session is: at its start the process allocates and frees a 32 MiB tensor twice.
The first free raises glibc's dynamic mmap threshold to 32 MiB (and its trim threshold to 64 MiB),
as the first free of a large tensor does in a long session; the second tensor then comes from the
heap, touched, and stays there when freed: tensors up to 32 MiB reuse memory already touched,
not fresh mmapped pages. Every result also counts the minor
page faults per call over the measured iterations ("faults_per_call"): 0 for a warm process.

Usage: /usr/bin/python3 bench/torch_peer.py [--threads N] [-wi N] [-w TIME] [-i N] [-r TIME] [--serve] [KEY ...]
TIME as JMH writes it (200ms, 1s); no key: every workload. With --serve it reads a line of
tab-separated keys at a time from stdin and answers each with that JSON on one line, until
stdin ends: bench/run keeps one such process for the whole run, so every workload runs in a
process that the earlier ones warmed up (its allocator's state among them), as in a long
training session, and yet right after its JMH peer.
"""
import argparse
import functools
import json
import math
import os
import re
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CLASSES = 10


# ---------------------------------------------------------------- workloads (see bench/src)

def matmul(shape):
    m, k, n = (int(s) for s in shape.split("x"))
    a, b = torch.randn(m, k), torch.randn(k, n)
    return lambda: a.matmul(b)


def elementwise(op):
    x, y, row = torch.randn(1024, 1024), torch.randn(1024, 1024), torch.randn(1024)
    target, ones, out = x.clone(), torch.ones(1024, 1024), torch.empty(1024, 1024)
    return {
        "add": lambda: x.add(y),
        "mul": lambda: x.mul(y),
        "relu": lambda: x.relu(),
        "gelu": lambda: F.gelu(x),
        "broadcastAdd": lambda: x.add(row),
        "addInPlace": lambda: target.add_(y),
        "mulInPlace": lambda: target.mul_(ones),
        "reluInPlace": lambda: target.relu_(),
        "addInto": lambda: torch.add(x, y, out=out),
        "mulInto": lambda: torch.mul(x, y, out=out),
    }[op]


CONV_BATCH, CONV_IN, CONV_SIZE, CONV_PADDING = 32, 3, 32, 1


def conv(channels, backward):
    x = torch.randn(CONV_BATCH, CONV_IN, CONV_SIZE, CONV_SIZE)
    weight = torch.randn(channels, CONV_IN, 3, 3) * 0.1
    bias = torch.randn(channels)
    if not backward:
        return lambda: F.conv2d(x, weight, bias, padding=CONV_PADDING)
    leaves = [t.requires_grad_(True) for t in (x, weight, bias)]
    grad_out = torch.randn(CONV_BATCH, channels, CONV_SIZE, CONV_SIZE)

    def forward_backward():
        for t in leaves:
            t.grad = None
        F.conv2d(x, weight, bias, padding=CONV_PADDING).backward(grad_out)
        return weight.grad

    return forward_backward


def training_step(new_model, *batch_shape):
    """zero_grad, forward, cross-entropy, backward, SGD with momentum, on one fixed batch."""
    model = new_model()
    x = torch.rand(*batch_shape)
    labels = torch.arange(batch_shape[0]) % CLASSES
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        optimizer.zero_grad(set_to_none=True)  # Hookbook's zeroGrad sets gradients to null
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        optimizer.step()
        return loss

    return step


def digits_mlp():
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, CLASSES))


def mnist_mlp():
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, CLASSES))


def digits_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(128, CLASSES))


def cifar_cnn():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(4096, CLASSES))


def workloads():
    """Key -> a function that builds the workload and returns the call to time."""
    w = {}
    for shape in ("64x64x64", "256x256x256", "512x512x512", "1024x1024x1024", "128x64x128"):
        w["MatmulBench.matmul " + shape] = functools.partial(matmul, shape)
    for op in ("add", "mul", "relu", "gelu", "broadcastAdd", "addInPlace", "mulInPlace", "reluInPlace", "addInto", "mulInto"):
        w["ElementwiseBench." + op] = functools.partial(elementwise, op)
    for channels in (32, 64):
        w[f"ConvBench.forward {channels}"] = functools.partial(conv, channels, False)
        w[f"ConvBench.forwardBackward {channels}"] = functools.partial(conv, channels, True)
    w["TrainingStepBench.digitsMlp"] = functools.partial(training_step, digits_mlp, 64, 64)
    w["TrainingStepBench.mnistMlp"] = functools.partial(training_step, mnist_mlp, 128, 784)
    w["TrainingStepBench.digitsCnn"] = functools.partial(training_step, digits_cnn, 64, 1, 8, 8)
    w["TrainingStepBench.cifarCnn"] = functools.partial(training_step, cifar_cnn, 32, 3, 32, 32)
    return w


# ---------------------------------------------------------------- timing

UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "": 1.0, "m": 60.0, "min": 60.0, "hr": 3600.0}


def seconds(jmh_time):
    """JMH's time syntax: '200ms', '1s', '1min'."""
    match = re.fullmatch(r"(\d+)\s*([a-z]*)", jmh_time.strip())
    if not match or match.group(2) not in UNITS:
        raise argparse.ArgumentTypeError(f"not a JMH time: {jmh_time!r} (e.g. 200ms, 1s)")
    return int(match.group(1)) * UNITS[match.group(2)]


def iteration(call, duration):
    """Calls until `duration` seconds are up (at least once); the time of each call."""
    clock = time.perf_counter
    times = []
    end = clock() + duration
    while True:
        start = clock()
        call()
        stop = clock()
        times.append(stop - start)
        if stop >= end:
            return times


def percentile(sorted_values, q):
    """The smallest value with at least q percent of the values at or below it."""
    return sorted_values[max(0, math.ceil(q / 100 * len(sorted_values)) - 1)]


def minor_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def long_session_allocator():
    """glibc raises its mmap threshold to the size of a freed mmapped block (up to 32 MiB on 64-bit
    Linux) and its trim threshold to twice that: one big tensor freed puts the allocator in the
    state a long session has, where large results reuse memory already touched. The first block
    (mmapped) raises the thresholds; the second comes from the heap, is touched and stays there."""
    for _ in range(2):
        big = torch.empty(8 * 1024 * 1024)
        big.fill_(0)
        del big


def measure(call, args):
    for _ in range(args.warmup_iterations):
        iteration(call, args.warmup_time)
    times = []
    faults = minor_faults()
    for _ in range(args.iterations):
        times += iteration(call, args.time)
    faults = minor_faults() - faults
    times.sort()
    stats = {"mean_us": sum(times) / len(times)}
    for q in (10, 50, 90):
        stats[f"p{q}_us"] = percentile(times, q)
    return {**{k: round(v * 1e6, 3) for k, v in stats.items()}, "calls": len(times),
            "faults_per_call": round(faults / len(times), 3)}


def blas():
    """The BLAS library torch loaded (Debian picks one with update-alternatives), as "NAME (PATH)"."""
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if "blas" in line or "mkl" in line})
    except OSError:
        return "unknown"
    kinds = (("openblas", "OpenBLAS"), ("blis", "BLIS"), ("mkl", "MKL"), ("atlas", "ATLAS"), ("/blas/", "reference BLAS"))
    for path in paths:
        for part, name in kinds:
            if part in path:
                return f"{name} ({path})"
    return "unknown" if not paths else paths[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                        help="torch.set_num_threads (bench/run passes the JVM's core count)")
    parser.add_argument("-wi", dest="warmup_iterations", type=int, default=3)
    parser.add_argument("-w", dest="warmup_time", type=seconds, default="1s")
    parser.add_argument("-i", dest="iterations", type=int, default=5)
    parser.add_argument("-r", dest="time", type=seconds, default="1s")
    parser.add_argument("--serve", action="store_true", help="answer lines of keys from stdin, one JSON line each")
    parser.add_argument("keys", nargs="*")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    long_session_allocator()
    all_workloads = workloads()
    if not args.serve:
        print(json.dumps(run(args.keys or list(all_workloads), all_workloads, args), indent=1))
        return
    for line in sys.stdin:
        print(json.dumps(run([k for k in line.rstrip("\n").split("\t") if k], all_workloads, args)), flush=True)


def run(keys, all_workloads, args):
    """The JSON object of the module docstring for these keys."""
    for key in keys:
        if key not in all_workloads:
            print("torch_peer.py: no PyTorch peer for " + key, file=sys.stderr)
    results = {}
    for key in [k for k in keys if k in all_workloads]:
        torch.manual_seed(0)
        results[key] = measure(all_workloads[key](), args)
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas(), "results": results}


if __name__ == "__main__":
    main()

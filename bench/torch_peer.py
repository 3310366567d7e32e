#!/usr/bin/python3
"""PyTorch timings of the workloads in bench/src (the JMH benchmarks), for bench/run.

Each workload is the same sequence of tensor ops as its JMH method. It runs a warmup, then
several repeats of a timed loop; the time per call is the median over the repeats. Prints
one JSON object: {"torch": version, "threads": n, "results": {key: microseconds}}, where
a key is "Class.method" plus the JMH parameter value, if any (e.g. "MatmulBench.matmul 64x64x64").

Usage: /usr/bin/python3 bench/torch_peer.py [KEY ...]   (no key: every workload)
"""
import json
import os
import statistics
import sys
import time

import torch

WARMUP_SECONDS = 0.5
REPEATS = 7
REPEAT_SECONDS = 0.2


def matmul(shape):
    m, k, n = (int(s) for s in shape.split("x"))
    a, b = torch.randn(m, k), torch.randn(k, n)
    return lambda: a.matmul(b)


def elementwise():
    x, y, row = torch.randn(1024, 1024), torch.randn(1024, 1024), torch.randn(1024)
    return {
        "ElementwiseBench.add": lambda: x.add(y),
        "ElementwiseBench.mul": lambda: x.mul(y),
        "ElementwiseBench.relu": lambda: x.relu(),
        "ElementwiseBench.broadcastAdd": lambda: x.add(row),
    }


def mlp_step():
    batch, n_in, hidden, n_out = 64, 64, 128, 10

    def uniform(*shape, fan_in):
        bound = 1.0 / fan_in ** 0.5
        return (torch.rand(*shape) * (2 * bound) - bound).requires_grad_(True)

    x = torch.rand(batch, n_in)
    one_hot = torch.zeros(batch, n_out)
    one_hot[torch.arange(batch), torch.arange(batch) % n_out] = 1.0
    w1, b1 = uniform(hidden, n_in, fan_in=n_in), uniform(hidden, fan_in=n_in)
    w2, b2 = uniform(n_out, hidden, fan_in=hidden), uniform(n_out, fan_in=hidden)
    params = (w1, b1, w2, b2)

    def step():
        for p in params:
            p.grad = None
        h = x.matmul(w1.transpose(0, 1)).add(b1).relu()
        logits = h.matmul(w2.transpose(0, 1)).add(b2)
        loss = logits.log_softmax(1).mul(one_hot).sum(1).mean().neg()
        loss.backward()
        return w1.grad

    return step


def workloads():
    w = {}
    for shape in ("64x64x64", "256x256x256", "512x512x512", "1024x1024x1024", "128x64x128"):
        w["MatmulBench.matmul " + shape] = lambda s=shape: matmul(s)
    for key in elementwise():
        w[key] = lambda k=key: elementwise()[k]
    w["TrainingStepBench.mlpForwardBackward"] = mlp_step
    return w


def time_per_call(fn):
    """Median over REPEATS of the mean time of one call, in microseconds."""
    end = time.perf_counter() + WARMUP_SECONDS
    calls = 0
    while time.perf_counter() < end:
        fn()
        calls += 1
    per_call = WARMUP_SECONDS / max(calls, 1)
    loops = max(1, int(REPEAT_SECONDS / per_call))
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - start) / loops)
    return statistics.median(samples) * 1e6


def main(keys):
    # As many threads as the JVM's availableProcessors() (2 on the machines measured).
    threads = len(os.sched_getaffinity(0))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    all_workloads = workloads()
    for key in keys:
        if key not in all_workloads:
            print("torch_peer.py: no PyTorch version of " + key, file=sys.stderr)
    results = {}
    for key in [k for k in keys if k in all_workloads] or ([] if keys else all_workloads):
        results[key] = round(time_per_call(all_workloads[key]()), 3)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/python3
"""The table of bench/run: JMH's results and torch_peer.py's, side by side, with the machine.

  report.py keys JMH_JSON
      prints the key of each workload JMH ran ("Class.method" plus its parameter values), one a line
  report.py merge --jmh OUT --torch OUT --jmh-parts JMH_JSON... --torch-parts TORCH_JSON...
      joins the results of several JMH runs, and of several torch_peer.py runs, into one file each
  report.py table --jmh JMH_JSON --torch TORCH_JSON --machine MACHINE --md FILE [--json FILE] [--monitor FILE] [--cliff FILE...]
      prints the table and writes it as Markdown (and the rows as JSON); MACHINE holds the
      key=value lines that dev.hookbook.bench.Machine prints (the machine's limits among them);
      --monitor the JSON that dev.hookbook.bench.MonitorCost wrote, --cliff the JSON files of
      dev.hookbook.bench.StartupCliff's modes, shown below the table

Needs no torch: it only reads JSON.
"""
import argparse
import datetime
import json
import math

# Rows whose ratio is to another Hookbook row rather than to PyTorch: what a Monitor costs.
PLAIN = {"TrainingStepBench.digitsCnnMonitored": "TrainingStepBench.digitsCnn",
         "TrainingStepBench.digitsCnnNotebookMonitored": "TrainingStepBench.digitsCnn"}

# Measured time per workload below which a run is a check of the harness, not figures.
SMOKE_SECONDS = 1.0

TO_US = {"ns/op": 1e-3, "us/op": 1.0, "ms/op": 1e3, "s/op": 1e6}


def key(result):
    name = ".".join(result["benchmark"].split(".")[-2:])
    params = " ".join((result.get("params") or {}).values())
    return name + (" " + params if params else "")


def flops(workload):
    """Floating-point operations of one call, where the workload is a known kernel; else None."""
    name, _, params = workload.partition(" ")
    if name == "MatmulBench.matmul":
        m, k, n = (int(s) for s in params.split("x"))
        return 2 * m * k * n
    if name == "OpenClMatmulBench.matmul":
        n = int(next(p for p in params.split() if p.isdigit()))
        return 2 * n ** 3
    if name.startswith("ConvBench."):
        # ConvBench: [32, 3, 32, 32], 3x3, padding 1, so 32x32 outputs per map.
        forward = 2 * 32 * int(params) * 32 * 32 * 3 * 3 * 3
        # Backward: the input and the weight gradient each cost one forward.
        return forward if name == "ConvBench.forward" else 3 * forward
    return None


# Bytes an element-wise row moves per element of its result: two floats read and one written for
# a binary op (12, as the machine's add bandwidth counts them), one read and one written for a
# unary op or a row broadcast (whose row stays in cache).
ELEMENTWISE_BYTES = {"add": 12, "mul": 12, "relu": 8, "gelu": 8, "broadcastAdd": 8,
                     "addInPlace": 12, "mulInPlace": 12, "reluInPlace": 8, "addInto": 12, "mulInto": 12}
ELEMENTWISE_SIZE = 1024 * 1024


def traffic(workload):
    """Bytes one call reads and writes, where the workload is a known element-wise op; else None."""
    name, _, _ = workload.partition(" ")
    cls, _, method = name.partition(".")
    if cls == "ElementwiseBench" and method in ELEMENTWISE_BYTES:
        return ELEMENTWISE_BYTES[method] * ELEMENTWISE_SIZE
    return None


def limits_of(machine):
    """The machine's limits that dev.hookbook.bench.MachineLimits measured, as floats; {} when absent."""
    out = {}
    for k in ("peak_gflops", "cache_gbps", "dram_gbps"):
        try:
            out[k] = float(machine[k])
        except (KeyError, ValueError):
            pass
    if "limits_threads" in machine:
        out["threads"] = int(machine["limits_threads"])
    return out


def percentiles(metric):
    """p10, p50, p90 in us from JMH's sample-mode histogram; None in the other modes."""
    hist = metric.get("rawDataHistogram")
    if not hist:
        return None
    counts = {}
    for fork in hist:
        for it in fork:
            for value, count in it:
                counts[value] = counts.get(value, 0) + count
    values = sorted(counts)
    total = sum(counts.values())
    scale = TO_US[metric["scoreUnit"]]
    out, seen, i = {}, 0, 0
    for q in (10, 50, 90):
        # The same definition as torch_peer.py: the smallest value with q% at or below it.
        rank = max(1, math.ceil(q / 100 * total))
        while seen + counts[values[i]] < rank:
            seen += counts[values[i]]
            i += 1
        out[f"p{q}_us"] = values[i] * scale
    return out


def rows(jmh, torch, limits=None):
    limits = limits or {}
    result = []
    for r in jmh:
        workload = key(r)
        m = r["primaryMetric"]
        hb = m["score"] * TO_US[m["scoreUnit"]]
        pt = torch["results"].get(workload)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        faults = r.get("secondaryMetrics", {}).get("faults.per.op")
        n = flops(workload)
        b = traffic(workload)
        pt_us = pt["mean_us"] if pt else None
        result.append({
            "workload": workload,
            "hookbook_us": hb,
            "torch_us": pt["mean_us"] if pt else None,
            "ratio": hb / pt["mean_us"] if pt else None,
            "gflops": {"hookbook": n / hb / 1e3, "torch": n / pt["mean_us"] / 1e3 if pt else None} if n else None,
            "spread": {"hookbook": percentiles(m),
                       "torch": {q: pt[q] for q in ("p10_us", "p50_us", "p90_us")} if pt else None},
            "bytes_per_op": round(alloc["score"]) if alloc else None,
            "faults_per_op": {"hookbook": faults["score"] if faults else None,
                              "torch": pt.get("faults_per_call") if pt else None},
            "gbps": {"hookbook": b / hb / 1e3, "torch": b / pt_us / 1e3 if pt else None} if b else None,
            "of_limits": of_limits(n, b, hb, pt_us, limits),
        })
    by_name = {row["workload"]: row for row in result}
    for row in result:
        plain = by_name.get(PLAIN.get(row["workload"]))
        if plain:
            row["plain"] = plain["workload"]
            row["ratio_to_plain"] = row["hookbook_us"] / plain["hookbook_us"]
    return result


def of_limits(n, b, hb_us, pt_us, limits):
    """Each engine's GFLOP/s as a fraction of the FP32 peak, or GB/s of the in-cache and DRAM
    add bandwidths; None where the row has neither figure or the limits were not measured."""
    def share(amount, us, limit):
        return amount / us / 1e3 / limit if us and limit else None
    if n and limits.get("peak_gflops"):
        return {"limit": "peak_gflops", "hookbook": share(n, hb_us, limits["peak_gflops"]),
                "torch": share(n, pt_us, limits["peak_gflops"])}
    if b and limits.get("cache_gbps"):
        return {"limit": "cache_gbps", "hookbook": share(b, hb_us, limits["cache_gbps"]),
                "torch": share(b, pt_us, limits["cache_gbps"]),
                "hookbook_of_dram": share(b, hb_us, limits.get("dram_gbps")),
                "torch_of_dram": share(b, pt_us, limits.get("dram_gbps"))}
    return None


def rounded(value):
    """Floats to 4 significant digits, for the JSON file."""
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, float):
        return float(f"{value:.4g}")
    return value


# ---------------------------------------------------------------- formatting

def time_text(us, unit_of=None):
    unit_of = us if unit_of is None else unit_of
    return f"{us / 1000:.2f} ms" if unit_of >= 1000 else f"{us:.1f} us"


def spread_text(s):
    if not s:
        return "-"
    low, high = time_text(s["p10_us"], s["p90_us"]), time_text(s["p90_us"])
    return low.split()[0] + "–" + high


def bytes_text(b):
    if b is None:
        return "-"
    for unit, size in (("MiB", 2 ** 20), ("KiB", 2 ** 10)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b:.0f} B"


def cells(row):
    if "ratio_to_plain" in row:
        ratio = f"{row['ratio_to_plain']:.2f}x plain"
    else:
        ratio = f"{row['ratio']:.2f}x" if row["ratio"] else "-"
    g = row["gflops"] or row.get("gbps")
    rate = "-" if not g else f"{g['hookbook']:.1f} / " + (f"{g['torch']:.1f}" if g["torch"] else "-")
    unit = "" if not g else (" GFLOP/s" if row["gflops"] else " GB/s")
    return (row["workload"], time_text(row["hookbook_us"]), spread_text(row["spread"]["hookbook"]),
            time_text(row["torch_us"]) if row["torch_us"] else "-", spread_text(row["spread"]["torch"]),
            ratio, rate + unit, limit_text(row.get("of_limits")), faults_text(row.get("faults_per_op")),
            bytes_text(row["bytes_per_op"]))


def faults_text(f):
    if not f or (f["hookbook"] is None and f["torch"] is None):
        return "-"
    one = lambda v: "-" if v is None else (f"{v:.0f}" if v >= 10 or v == 0 else f"{v:.1f}")
    return f"{one(f['hookbook'])} / {one(f['torch'])}"


def limit_text(f):
    """'48% / 41% of peak' or '16% / 86% of in-cache'."""
    if not f:
        return "-"
    pct = lambda v: "-" if v is None else f"{100 * v:.0f}%"
    return f"{pct(f['hookbook'])} / {pct(f['torch'])} of " + ("peak" if f["limit"] == "peak_gflops" else "in-cache")


def markdown_table(result):
    head = ("workload", "Hookbook", "p10–p90", "PyTorch", "p10–p90", "ratio", "rate HB / PT", "of limit HB / PT", "faults/op HB / PT", "alloc/op")
    body = [cells(r) for r in result]
    widths = [max(len(h), *(len(c[i]) for c in body)) for i, h in enumerate(head)]

    def line(cs):
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cs, widths))) + " |"

    rule = "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"
    return [line(head), rule] + [line(c) for c in body]


def machine_line(machine, torch):
    torch_text = (f"torch {torch['torch']} with {torch.get('blas', 'unknown').split(' (')[0]}, {torch['threads']} threads"
                  if torch.get("threads") else "PyTorch not run")
    return f"{machine['cpu']}, {machine['cores']} cores (as the JVM sees them), SIMD {machine['simd']}; JDK {machine['jdk']}; {torch_text}"


def limits_line(limits):
    if not limits.get("peak_gflops"):
        return "Machine limits: not measured (this JVM has no Vector API)."
    return (f"Machine limits, measured by this run on {limits.get('threads', '?')} threads (one per core): "
            f"FP32 peak {limits['peak_gflops']:.1f} GFLOP/s; add bandwidth (c = a + b, 12 bytes per element) "
            f"{limits['cache_gbps']:.1f} GB/s in cache (arrays in L2), {limits['dram_gbps']:.1f} GB/s from DRAM "
            f"(arrays far larger than L3).")


def settings_line(first):
    # The forks inherit bench/run's flags and get them again from -jvmArgsPrepend: each shown once.
    return (f"JMH {first.get('jmhVersion', '?')}, {first['mode']} mode: {first['forks']} fork(s), "
            f"{first['warmupIterations']} x {first['warmupTime']} warmup, "
            f"{first['measurementIterations']} x {first['measurementTime']} measured per workload; "
            f"PyTorch the same iterations, its allocator warmed as in a long session. JVM flags: "
            f"{' '.join(a for a in dict.fromkeys(first.get('jvmArgs', [])) if not a.startswith('-Xms'))}")


def heaps_line(jmh):
    """Each benchmark class's fork heap (-Xms, pre-touched), as bench/run sized it."""
    heaps = {}
    for r in jmh:
        cls = r["benchmark"].split(".")[-2]
        xms = [a for a in r.get("jvmArgs", []) if a.startswith("-Xms")]
        if xms:
            heaps.setdefault(xms[-1][4:], []).append(cls)
    if not heaps:
        return None
    return "Fork heaps, pre-touched: " + "; ".join(f"{size} for {', '.join(dict.fromkeys(classes))}" for size, classes in heaps.items()) + "."


def measured_seconds(first):
    amount, _, unit = first["measurementTime"].partition(" ")
    return first["measurementIterations"] * float(amount) * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "min": 60}.get(unit, 1)


LEGEND = """Times are means per call; p10–p90 is the spread of single calls (10% of calls were faster
than the first figure, 10% slower than the second). ratio is Hookbook's mean over PyTorch's
(above 1, Hookbook is slower); "x plain" compares the row with Hookbook's plain digits CNN step
instead. rate: GFLOP/s for matrix products (2*M*N*K per call) and convolutions (the flops of the
convolution, backward counted as twice the forward); GB/s for element-wise ops on 1M floats
(12 bytes per element for add and mul in all their forms, 8 for relu, gelu and the broadcast add). of limit: that
rate as a share of the machine's FP32 peak, or of its in-cache add bandwidth. alloc/op: bytes
the JVM allocated per call, on all its threads (JMH's gc.alloc.rate.norm); Hookbook only.
faults/op: minor page faults per call over the measured iterations (memory touched for the first
time; 0 when an engine runs warm)."""


def cliff_lines(cliffs):
    """StartupCliff's figures: time to steady speed, the small step after big tensors, notebook 04's epochs."""
    lines = []
    for c in cliffs:
        flags = " ".join(a for a in c.get("jvm_args", "").split() if not a.startswith(("-Dbench.", "--add-modules", "-Djava.awt")))
        start = f"start-up {c['startup_ms']} ms to main, " if c.get("startup_ms") is not None else ""
        where = f"a fresh JVM ({start}heap {c['heap_committed_mib']} MiB at start, flags: {flags or 'none'})"
        if c["mode"] == "steady":
            w, u = c["wall"], c["cpu"]
            lines.append(f"- Time to steady speed, digits MLP step, {where}: first step at {c['first_step_at_s']:.2f} s; "
                         f"steady {time_text(w['steady_us'])} (thread CPU {time_text(u['steady_us'])}); the first second's "
                         f"mean {w['first_second_ratio']:.1f}x steady (CPU {u['first_second_ratio']:.1f}x); 250 ms window medians "
                         f"within 10% of steady after {w['to_steady_s']:.2f} s (CPU {u['to_steady_s']:.2f} s); "
                         f"{c['faults_per_step_first_second']:.0f} page faults per step in the first second.")
            lines.append(f"- Small step after big tensors (200 adds of 1M floats, {c['adds_faults']} page faults): the digits MLP "
                         f"step's next second {w['after_big_ratio']:.2f}x its clean second's mean (CPU {u['after_big_ratio']:.2f}x; "
                         f"target 1.3x), worst 250 ms window {w['after_big_worst_window_ratio']:.2f}x the clean median; "
                         f"{c['faults_per_step_after_big']:.1f} page faults per step.")
        else:
            e = c["epochs"]
            lines.append(f"- Notebook 04's epochs, {where}: " + ", ".join(f"{x['ms']:.0f} ms" for x in e)
                         + f"; first to second {c['first_to_second']:.2f}x (target 1.5x); page faults per epoch "
                         + ", ".join(str(x["faults"]) for x in e) + ".")
    return ["Start-up cliff (dev.hookbook.bench.StartupCliff):", ""] + lines if lines else []


def monitor_lines(monitor):
    """MonitorCost's figures: each setup's mean and median step against the plain step's, from one JVM."""
    lines = [f"Monitor cost, measured in one JVM ({monitor['rounds']} rounds of {monitor['steps']} steps, "
             "plain and monitored digits CNN steps in turn; the \"x plain\" rows above compare separate forks):", ""]
    for r in monitor["rows"]:
        if r["setup"] != "plain":
            lines.append(f"- {r['setup']}: mean {time_text(r['mean_us'])}, {r['mean_ratio']:.2f}x plain; "
                         f"median {time_text(r['p50_us'])}, {r['p50_ratio']:.2f}x plain; "
                         f"training-thread CPU {r['thread_cpu_ratio']:.2f}x plain")
    return lines


def table(args):
    jmh = json.load(open(args.jmh))
    torch = json.load(open(args.torch))
    machine = dict(line.rstrip("\n").split("=", 1) for line in open(args.machine) if "=" in line)
    limits = limits_of(machine)
    result = rows(jmh, torch, limits)
    date = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    smoke = measured_seconds(jmh[0]) < SMOKE_SECONDS
    text = [f"# Hookbook vs PyTorch, {date}", ""]
    if smoke:
        text += [f"**Smoke run**: under {SMOKE_SECONDS:g} s measured per workload, a check that the harness works; "
                 "do not compare these figures.", ""]
    if torch.get("blas", "").startswith("reference BLAS"):
        # Debian's libtorch accepts any libblas.so.3; without OpenBLAS installed it gets netlib's.
        text += ["**PyTorch multiplies matrices with the reference BLAS** (libblas3), many times slower than "
                 "with OpenBLAS: `apt-get install libopenblas0-pthread` before comparing.", ""]
    monitor = json.load(open(args.monitor)) if args.monitor else None
    heaps = heaps_line(jmh)
    cliffs = [json.load(open(f)) for f in (args.cliff or [])]
    text += [f"Machine: {machine_line(machine, torch)}", "", limits_line(limits), "", settings_line(jmh[0]), "",
             *([heaps, ""] if heaps else []),
             *markdown_table(result), "", LEGEND, ""]
    if monitor:
        text += monitor_lines(monitor) + [""]
    if cliffs:
        text += cliff_lines(cliffs) + [""]
    text = "\n".join(text)
    open(args.md, "w").write(text)
    print()
    print(text)
    print(f"(written to {args.md})")
    if args.json:
        doc = {"date": date, "smoke": smoke,
               "machine": {**machine, "cores": int(machine["cores"]), "line": machine_line(machine, torch)},
               "torch": {"version": torch["torch"], "threads": torch["threads"], "blas": torch.get("blas")},
               "limits": limits or None,
               "settings": settings_line(jmh[0]), "rows": [rounded(r) for r in result]}
        if monitor:
            doc["monitor_cost"] = monitor
        if cliffs:
            doc["startup_cliff"] = cliffs
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1)
        print(f"(rows written to {args.json})")


def merge(args):
    rows = [r for part in args.jmh_parts for r in json.load(open(part))]
    json.dump(rows, open(args.jmh, "w"))
    parts = [json.load(open(part)) for part in args.torch_parts]
    doc = dict(parts[0]) if parts else {"torch": "not run", "threads": 0, "results": {}}
    doc["results"] = {k: v for part in parts for k, v in part["results"].items()}
    json.dump(doc, open(args.torch, "w"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    keys = sub.add_parser("keys")
    keys.add_argument("jmh")
    t = sub.add_parser("table")
    for option in ("--jmh", "--torch", "--machine", "--md"):
        t.add_argument(option, required=True)
    t.add_argument("--json")
    t.add_argument("--monitor")
    t.add_argument("--cliff", nargs="*")
    m = sub.add_parser("merge")
    m.add_argument("--jmh", required=True)
    m.add_argument("--torch", required=True)
    m.add_argument("--jmh-parts", nargs="*", default=[])
    m.add_argument("--torch-parts", nargs="*", default=[])
    args = parser.parse_args()
    if args.command == "keys":
        for r in json.load(open(args.jmh)):
            print(key(r))
    elif args.command == "merge":
        merge(args)
    else:
        table(args)


if __name__ == "__main__":
    main()

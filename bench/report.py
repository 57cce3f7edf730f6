#!/usr/bin/env python3
"""Runs every start benchmark and reports nsinit as ratios to crun, runc and
the kernel floor.

    bazel run //bench:report -- --out=DIR [--repetitions=7] [--min-time=0.5]
        [--threshold=0.25] [--update-baseline] [--filter=REGEX] [--before=NSINIT]

Writes DIR/results.json (medians, ratios, targets, skips, host changes),
DIR/latency.svg (time per runtime and operation, relative to crun),
DIR/table.md (the table printed), and the raw Google Benchmark JSON
(DIR/raw_latency.json, DIR/raw_memory.json). Then compares the ratios with
bench/baseline.json (compare.py) and exits 1 on a regression.
--before=PATH adds an earlier nsinit binary as runtime "nsinit-before",
interleaved with this one (A/B in the same run).

Per operation: the median over repetitions, p90 and p99 over every single
iteration, the ratios to crun, runc and the floor; per start (and exec) of
nsinit, the time of each phase (nsinit --debug-timings, runtime/base/timings.h).
--update-baseline rewrites bench/baseline.json in the source tree from this
run instead.

Latency: start_bench runs every benchmark --repetitions times with Google
Benchmark's random interleaving (repetitions of different runtimes are
mixed, so a burst of load from elsewhere hits all of them alike); the median
over repetitions is reported. Start is also measured in paired rounds
(paired/start: one start of every runtime but runc per round, the order
rotated): the targets on start are judged on the median of the per-round
ratios, which the machine's drift between separate batches does not move;
the ratio of the batches' medians is printed beside. Memory (peak RSS,
smallest memory limit) runs once after. Relative paths in --out are taken
from where `bazel run` was invoked.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402
import svg_plot  # noqa: E402

RUNTIMES = ["nsinit-lib", "nsinit", "nsinit-before", "runc", "crun", "floor", "config-floor"]
OPS = ["start", "exec", "pause_resume", "seq/100", "parallel/2", "parallel/4", "parallel/8"]
OURS = ["nsinit-lib", "nsinit"]
PEERS = ["crun", "runc", "floor", "config-floor", "nsinit-before"]
# Containers per iteration, for the cost per container as N grows.
PER_ITERATION = {"start": 1, "seq/100": 100, "parallel/2": 2, "parallel/4": 4, "parallel/8": 8}

# (ratio key, limit, what it means): the targets of issue 17.
TARGETS = [
    ("start/nsinit:crun", 0.5, "nsinit run <= 0.5x crun run"),
    ("start/nsinit:floor", 2.0, "nsinit run <= 2.0x the floor"),
    ("exec/nsinit:crun", 0.5, "nsinit exec <= 0.5x crun exec"),
    ("start/nsinit-lib:floor", 1.5, "library start <= 1.5x the floor"),
    ("rss/nsinit:crun", 1.0, "nsinit peak RSS <= crun's"),
]
# The config floor (bench/config_floor.cc) does the kernel work the
# bundle's config requires and nothing else: its ratio is the least any
# runtime that honours the config can reach, the bound of each target.
BOUND = "config-floor"


def bound_key(key):
    """The target's ratio with the config floor in place of nsinit."""
    op, pair = key.split("/", 1)
    ours, peer = pair.split(":")
    return f"{op}/{BOUND}:{peer}" if ours in OURS else None


def find_start_bench():
    here = os.path.dirname(os.path.abspath(__file__))
    for root in [os.environ.get("RUNFILES_DIR", ""), here + "/.."]:
        for cand in [os.path.join(root, "nsinit/bench/start_bench"), os.path.join(root, "bench/start_bench")]:
            if os.access(cand, os.X_OK):
                return cand
    sys.exit("report: cannot find bench/start_bench in the runfiles; use `bazel run //bench:report`")


def run_bench(binary, args, raw_path):
    cmd = [binary, f"--benchmark_out={raw_path}", "--benchmark_out_format=json"] + args
    print("report: " + " ".join(cmd), file=sys.stderr, flush=True)
    rc = subprocess.call(cmd)
    if rc != 0:
        sys.exit(f"report: start_bench exited {rc}")
    with open(raw_path) as f:
        return json.load(f)


def split_name(name):
    """'start/nsinit/real_time' -> ('start', 'nsinit'); 'parallel/crun/4/...' -> ('parallel/4', 'crun')."""
    parts = [p for p in name.split("/") if p != "real_time" and not p.startswith(("iterations:", "repeats:"))]
    op, runtime, args = parts[0], parts[1], parts[2:]
    return "/".join([op] + args), runtime


def to_ms(b):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b.get("time_unit", "ns")]
    return b["real_time"] * scale


def collect_phases(raw_latency):
    """{'start/nsinit': {phase: median ms over repetitions}} from phases/<op>/<rt>."""
    per = {}
    for b in raw_latency["benchmarks"]:
        if b.get("run_type") == "aggregate" or not b["name"].startswith("phases/"):
            continue
        if b.get("error_occurred"):
            continue
        parts = b["name"].split("/")
        key = f"{parts[1]}/{parts[2]}"
        for k, v in b.items():
            if k.startswith("phase:"):
                per.setdefault(key, {}).setdefault(k[len("phase:"):], []).append(v)
    return {key: {ph: statistics.median(v) for ph, v in phases.items()} for key, phases in per.items()}


def percentile(values, q):
    v = sorted(values)
    if not v:
        return None
    i = min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))
    return v[i]


def paired_ratios(iteration_samples):
    """{"paired/start/A:B": median over rounds of A's time / B's} from
    start_bench's paired/start rounds (one start of each runtime per round,
    the lists aligned by round), with the number of rounds."""
    runs = {name.split("/", 2)[2]: values for name, values in iteration_samples.items()
            if name.startswith("paired/start/")}
    ratios, rounds = {}, 0
    for ours in OURS + [BOUND]:
        for peer in PEERS:
            a, b = runs.get(ours), runs.get(peer)
            if ours == peer or not a or not b or len(a) != len(b):
                continue
            ratios[f"paired/start/{ours}:{peer}"] = statistics.median(
                x / y for x, y in zip(a, b) if y > 0)
            rounds = len(a)
    return ratios, rounds


def tails(iteration_samples):
    """{op: {rt: (p90, p99, n)}} from start_bench --samples_out."""
    out = {}
    for name, values in iteration_samples.items():
        if name.startswith("paired/"):
            continue
        parts = name.split("/")
        if parts[0] == "parallel":
            op, runtime = f"parallel/{parts[2]}", parts[1]
        else:
            op, runtime = parts[0], parts[1]
        out.setdefault(op, {})[runtime] = (percentile(values, 0.9), percentile(values, 0.99), len(values))
    return out


def collect(raw_latency, raw_memory):
    samples, skipped, rss, memmin = {}, {}, {}, {}
    for b in raw_latency["benchmarks"] + raw_memory["benchmarks"]:
        if b.get("run_type") == "aggregate" or b["name"].startswith(("phases/", "paired/")):
            continue
        op, runtime = split_name(b["name"])
        if b.get("error_occurred"):
            skipped[f"{op}/{runtime}"] = b.get("error_message", "")
            continue
        if op == "rss":
            rss[runtime] = b["maxrss_kib"]
        elif op == "memory_min":
            memmin[runtime] = b["min_limit_kib"]
        else:
            samples.setdefault(op, {}).setdefault(runtime, []).append(to_ms(b))
    medians = {op: {rt: statistics.median(v) for rt, v in rts.items()} for op, rts in samples.items()}
    return samples, medians, skipped, rss, memmin


def ratios_of(medians, rss, memmin):
    ratios = {}
    for op, rts in medians.items():
        for ours in OURS + [BOUND]:
            for peer in PEERS:
                if ours != peer and ours in rts and peer in rts and rts[peer] > 0:
                    ratios[f"{op}/{ours}:{peer}"] = rts[ours] / rts[peer]
    for name, values in (("rss", rss), ("memory_min", memmin)):
        for peer in ("crun", "runc", "floor"):
            if "nsinit" in values and peer in values and values[peer] > 0:
                ratios[f"{name}/nsinit:{peer}"] = values["nsinit"] / values[peer]
    return ratios


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def table(medians, rss, memmin, tail=None, phases=None):
    tail = tail or {}
    rows = ["| operation | runtime | median ms | p90 ms | p99 ms | ms per container | x floor | x config floor | x crun | x runc | x before |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for op in OPS:
        rts = medians.get(op, {})
        for rt in RUNTIMES:
            if rt not in rts:
                continue
            t = rts[rt]
            def r(peer):
                return t / rts[peer] if peer in rts and peer != rt else None
            p90, p99, _ = tail.get(op, {}).get(rt, (None, None, 0))
            per = t / PER_ITERATION[op] if op in PER_ITERATION else None
            rows.append(f"| {op} | {rt} | {fmt(t)} | {fmt(p90)} | {fmt(p99)} | {fmt(per)} | {fmt(r('floor'))} | "
                        f"{fmt(r(BOUND))} | {fmt(r('crun'))} | {fmt(r('runc'))} | {fmt(r('nsinit-before'))} |")
    rows.append("")
    rows.append("| memory | runtime | KiB | x floor | x crun | x runc |")
    rows.append("|---|---|---:|---:|---:|---:|")
    for name, values in (("peak RSS", rss), ("min memory.limit", memmin)):
        for rt in RUNTIMES:
            if rt not in values:
                continue
            v = values[rt]
            def r(peer):
                return v / values[peer] if peer in values and peer != rt and values[peer] else None
            rows.append(f"| {name} | {rt} | {v:.0f} | {fmt(r('floor'))} | {fmt(r('crun'))} | {fmt(r('runc'))} |")
    for key, ph in sorted((phases or {}).items()):
        total = sum(ph.values())
        rows.append("")
        rows.append(f"| phases of one {key} (ms, median over repetitions) | ms | share |")
        rows.append("|---|---:|---:|")
        for name, ms in sorted(ph.items(), key=lambda kv: -kv[1]):
            rows.append(f"| {name} | {ms:.3f} | {100 * ms / total if total else 0:.0f}% |")
        rows.append(f"| total | {total:.3f} | |")
    return "\n".join(rows)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--repetitions", type=int, default=7)
    p.add_argument("--min-time", default="0.5")
    p.add_argument("--threshold", type=float, default=None, help="relative; default: the baseline's")
    p.add_argument("--filter", default="^(start|exec|pause_resume|seq|parallel|phases|paired)/")
    p.add_argument("--update-baseline", action="store_true")
    p.add_argument("--before", default="", help="an earlier nsinit binary, run as nsinit-before")
    args = p.parse_args(argv)

    out = args.out
    if not os.path.isabs(out):
        out = os.path.join(os.environ.get("BUILD_WORKING_DIRECTORY", os.getcwd()), out)
    os.makedirs(out, exist_ok=True)
    binary = find_start_bench()
    if args.before:
        os.environ["NSINIT_BENCH_BEFORE"] = os.path.abspath(args.before)
    samples_path = os.path.join(out, "iterations.json")

    raw_latency = run_bench(binary, [
        f"--samples_out={samples_path}",
        f"--benchmark_filter={args.filter}",
        f"--benchmark_repetitions={args.repetitions}",
        f"--benchmark_min_time={args.min_time}",
        "--benchmark_enable_random_interleaving=true",
        "--benchmark_display_aggregates_only=true",
    ], os.path.join(out, "raw_latency.json"))
    raw_memory = run_bench(binary, ["--benchmark_filter=^(rss|memory_min)/"],
                           os.path.join(out, "raw_memory.json"))

    samples, medians, skipped, rss, memmin = collect(raw_latency, raw_memory)
    phases = collect_phases(raw_latency)
    tail, paired, rounds = {}, {}, 0
    if os.path.exists(samples_path):
        with open(samples_path) as f:
            iteration_samples = json.load(f)
        tail = tails(iteration_samples)
        paired, rounds = paired_ratios(iteration_samples)
    ratios = ratios_of(medians, rss, memmin)
    ratios.update(paired)
    targets = []
    for key, limit, text in TARGETS:
        # A start ratio is judged on the paired rounds where there are
        # some: the medians of separate batches also carry the machine's
        # drift between them.
        judged = f"paired/{key}" if f"paired/{key}" in ratios else key
        value = ratios.get(judged)
        bound = None
        if key.startswith(("start/", "exec/")):
            bound = ratios.get(("paired/" if judged != key else "") + bound_key(key))
        targets.append({"target": text, "ratio": judged, "limit": limit, "value": value,
                        "batch_median_ratio": ratios.get(key) if judged != key else None,
                        "met": None if value is None else value <= limit,
                        "config_floor": bound,
                        "reachable": None if bound is None else bound <= limit})
    host_changes = [v for k, v in raw_latency.get("context", {}).items() if k == "crun_cgroup_layout"]

    results = {
        "context": raw_latency.get("context", {}),
        "repetitions": args.repetitions,
        "median_ms": medians,
        "p90_p99_n": tail,
        "phases_ms": phases,
        "samples_ms": samples,
        "peak_rss_kib": rss,
        "min_memory_limit_kib": memmin,
        "ratios": ratios,
        "paired_rounds": rounds,
        "targets": targets,
        "skipped": skipped,
        "host_changes": host_changes,
    }
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
    with open(os.path.join(out, "latency.svg"), "w") as f:
        f.write(svg_plot.latency_plot(medians, OPS, RUNTIMES, reference="crun"))
    text = table(medians, rss, memmin, tail, phases)
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write(text + "\n")

    print()
    for note in host_changes:
        print(f"NOTE (cgroups, for crun): {note}")
    for name, why in sorted(skipped.items()):
        print(f"skipped {name}: {why}")
    print(text)
    print()
    if paired:
        print(f"Paired starts ({rounds} rounds, one start of each runtime per round; median of "
              "the per-round ratios):")
        for key in sorted(paired):
            print(f"  {key:36s} {paired[key]:.3f}")
        print()
    print("Targets:")
    for t in targets:
        state = "not measured" if t["met"] is None else ("MET" if t["met"] else "NOT MET")
        bound = ""
        if t["config_floor"] is not None:
            bound = f"; the config floor alone: {t['config_floor']:.3f}"
            if not t["reachable"]:
                bound += " (beyond any runtime that does the config's kernel work)"
        if t["batch_median_ratio"] is not None:
            bound += f"; as a ratio of the batches' medians: {t['batch_median_ratio']:.3f}"
        print(f"  {t['target']:36s} {t['ratio']:29s} {fmt(t['value'], 3):>7s} (limit {t['limit']:.3f})  {state}{bound}")
    print()
    print(f"Wrote {out}/results.json, latency.svg, table.md")

    baseline_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "baseline.json")
    if args.update_baseline:
        src = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
        target = os.path.join(src, "bench/baseline.json") if src else baseline_path
        keys = [k for k in ratios if k.split("/")[-1].startswith(tuple(o + ":" for o in OURS))
                and not k.endswith(":nsinit-before")]
        with open(target, "w") as f:
            json.dump({"threshold": args.threshold or 0.3,
                       "note": "ratios nsinit/peer from one `bazel run //bench:report` run; lower is better",
                       "ratios": {k: round(ratios[k], 3) for k in sorted(keys)}}, f, indent=2)
            f.write("\n")
        print(f"Updated baseline {target}")
        return 0
    with open(baseline_path) as f:
        baseline = json.load(f)
    lines, regressed = compare.compare(results, baseline, args.threshold)
    print("\n".join(lines))
    return 1 if regressed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Judges the VM lane's results (a directory the guest sent back).

Fails when a v2 kernel test failed, when the conformance suite has a fail,
warn or unstable verdict (a case that failed once and passed on its retry,
or the reverse: both runs' details are printed, since the guest's report is
all there is of a CI run), or when a CG requirement is skipped only for needing cgroup v1: on a
pure v2 kernel every CG requirement must be judged (issue 15).
"""
import collections
import json
import os
import sys

# CG requirements whose SPEC text limits them to cgroup v1 ("On cgroup v1,
# ..."): there is nothing of them for a v2 kernel to show.
V1_ONLY_BY_TEXT = {"CG-051"}


def main(out):
    ok = True
    tests = os.path.join(out, "tests.txt")
    for line in open(tests) if os.path.exists(tests) else []:
        name, rc = line.split()
        print(f"lane: {name}: exit {rc}")
        if rc != "0":
            ok = False
            log = os.path.join(out, name + ".log")
            if os.path.exists(log):
                sys.stdout.write("".join(open(log).readlines()[-30:]))
    path = os.path.join(out, "conform", "report.json")
    if not os.path.exists(path):
        print("lane: no conformance report came back")
        return 1
    report = json.load(open(path))
    reqs = report["requirements"]
    counts = collections.Counter(r["status"] for r in reqs.values())
    print("lane: conformance on pure cgroup v2: " +
          ", ".join(f"{counts[s]} {s}" for s in
                    ("pass", "fail", "warn", "unstable", "deviation", "skip",
                     "untested")))
    for rid, r in sorted(reqs.items()):
        if r["status"] in ("fail", "warn", "unstable"):
            ok = False
            limit = 2000 if r["status"] == "unstable" else 300
            print(f"lane: {r['status'].upper()} {rid}: {r['detail'][:limit]}")
        elif r["status"] == "skip":
            v1_only = (r["area"] == "CG" and "cgroup v1" in r["detail"] and
                       rid not in V1_ONLY_BY_TEXT)
            print(f"lane: skip {rid}{' (v1-only!)' if v1_only else ''}: {r['detail'][:200]}")
            ok = ok and not v1_only
    print("lane: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/env python3
"""Regenerates the tables of conformance/RESULTS.md from fresh reports.

  python3 conformance/tools/results_tables.py NSINIT_DIR RUNC_DIR CRUN_DIR

Each DIR holds the report.json of one `conform --report=DIR` run. The
counts table and the per-runtime tables of failures (fail, warn, unstable,
and, apart, "newer" = newer than the runtime's spec) are rewritten between
the `<!-- generated:NAME -->` and `<!-- end:NAME -->` markers of
RESULTS.md; each row takes its classification (class, observation, why)
from conformance/deviations/classifications.json. A failure with no
classification is printed and the script exits 1: classify it first.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.dirname(HERE)
STATUSES = ["pass", "fail", "warn", "unstable", "newer", "deviation", "skip", "untested"]
NEEDS_A_LOOK = ("fail", "warn", "unstable")


def load(d):
    with open(os.path.join(d, "report.json")) as f:
        return json.load(f)


def esc(s):
    return s.replace("|", "\\|").replace("\n", " ")


def counts_table(reports):
    out = ["| Runtime | spec claimed | " + " | ".join(STATUSES) + " | total |",
           "|---|---|" + "---|" * (len(STATUSES) + 1)]
    for name, r in reports:
        c = {s: 0 for s in STATUSES}
        for v in r["requirements"].values():
            if v["level"] == "RETIRED":
                continue
            c[v["status"]] += 1
        claim = r.get("run", {}).get("spec_claim", "") or "none"
        out.append("| %s | %s | %s | %d |" % (name, claim, " | ".join(str(c[s]) for s in STATUSES),
                                              sum(c.values())))
    return "\n".join(out)


def failure_table(r, classes, wanted):
    rows, missing = [], []
    header = ["| ID | Level | OCI | Status | Failing case(s) | Observed | Class | Why |",
              "|---|---|---|---|---|---|---|---|"]
    for rid, v in r["requirements"].items():
        if v["status"] not in wanted:
            continue
        failing = sorted(set(re.findall(r"(?:^|\| )([a-z0-9][a-z0-9-]+)(?:: | needs OCI)", v["detail"])))
        failing = [c for c in failing if c in v["cases"]] or v["cases"]
        cl = classes.get(rid)
        if cl is None:
            missing.append(rid)
            cl = {"class": "?", "why": "not classified yet", "observed": v["detail"][:200]}
        cls = cl["class"] + ("†" if cl.get("unchecked") else "")
        rows.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            rid, v["level"], v.get("oci_version", ""), v["status"], ", ".join(failing),
            esc(cl.get("observed", "")), cls, esc(cl["why"])))
    return "\n".join(header + rows), len(rows), missing


def replace_block(text, name, body):
    start, end = "<!-- generated:%s -->" % name, "<!-- end:%s -->" % name
    i, j = text.find(start), text.find(end)
    if i < 0 or j < 0:
        sys.exit("RESULTS.md: markers for %s missing" % name)
    return text[:i + len(start)] + "\n" + body + "\n" + text[j:]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    reports = [("nsinit", load(sys.argv[1])), ("runc 1.1.5", load(sys.argv[2])),
               ("crun 1.8.1", load(sys.argv[3]))]
    with open(os.path.join(CONF, "deviations", "classifications.json")) as f:
        classifications = json.load(f)
    path = os.path.join(CONF, "RESULTS.md")
    with open(path) as f:
        text = f.read()
    text = replace_block(text, "counts", counts_table(reports))
    bad = False
    for key, (name, r) in (("runc", reports[1]), ("crun", reports[2])):
        classes = classifications.get(key, {})
        table, n, missing = failure_table(r, classes, NEEDS_A_LOOK)
        text = replace_block(text, key, table + "\n\n%s: %d rows that need a look." % (name, n))
        newer, m, missing2 = failure_table(r, classes, ("newer",))
        text = replace_block(text, key + "-newer", newer + "\n\n%s: %d rows newer than its spec." % (name, m))
        for rid in missing + missing2:
            print("%s: %s has no classification in deviations/classifications.json" % (key, rid))
            bad = True
        stale = [rid for rid in classes if r["requirements"].get(rid, {}).get("status") not in
                 NEEDS_A_LOOK + ("newer",)]
        for rid in stale:
            print("%s: %s is classified but no longer fails (%s): remove it" %
                  (key, rid, r["requirements"].get(rid, {}).get("status")))
    with open(path, "w") as f:
        f.write(text)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Flags benchmark regressions against the committed baseline of ratios.

    compare.py --results=DIR/results.json [--baseline=bench/baseline.json]
               [--threshold=0.25]

Every number compared is a RATIO measured within one run (nsinit's time over
crun's, runc's or the floor's; nsinit's peak RSS over crun's), never an
absolute time: the machines are shared and noisy, and a ratio cancels most
of that. Lower is better for all of them. A ratio is a regression when it
exceeds its baseline by more than the threshold (relative, default 25%, or
the baseline file's "threshold"). Exit status: 0 no regression, 1
regression, 2 usage or input error. Ratios missing from the results (a
peer not installed) are reported and ignored.
"""

import argparse
import json
import os
import sys


def compare(results, baseline, threshold=None):
    """Returns (lines, regressed) comparing results["ratios"] to the baseline."""
    if threshold is None:
        threshold = baseline.get("threshold", 0.25)
    current = results.get("ratios", {})
    lines = []
    regressed = False
    for key in sorted(baseline.get("ratios", {})):
        base = baseline["ratios"][key]
        if key not in current:
            lines.append(f"  {key:32s} baseline {base:7.3f}  (not measured in this run)")
            continue
        now = current[key]
        limit = base * (1 + threshold)
        verdict = "ok"
        if now > limit:
            verdict = f"REGRESSION (> {limit:.3f})"
            regressed = True
        elif now < base / (1 + threshold):
            verdict = "improved"
        lines.append(f"  {key:32s} baseline {base:7.3f}  now {now:7.3f}  {verdict}")
    header = f"Against the baseline (threshold +{threshold:.0%}):"
    return [header] + lines, regressed


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True)
    default_baseline = os.path.join(os.path.dirname(os.path.abspath(__file__)), "baseline.json")
    parser.add_argument("--baseline", default=default_baseline)
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args(argv)
    try:
        with open(args.results) as f:
            results = json.load(f)
        with open(args.baseline) as f:
            baseline = json.load(f)
    except (OSError, ValueError) as e:
        print(f"compare: {e}", file=sys.stderr)
        return 2
    lines, regressed = compare(results, baseline, args.threshold)
    print("\n".join(lines))
    return 1 if regressed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

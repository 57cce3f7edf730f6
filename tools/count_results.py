#!/usr/bin/env python3
"""Counts test cases from Bazel's test.xml files and prints the CI line.

Usage: count_results.py BAZEL_TESTLOGS_DIR [BAZEL_OUTPUT_LOG]

Prints "N passed, N failed, N skipped" (CI reads that line) and exits 1 if
any case failed or a test target left no results: with the log of `bazel
test`, targets reported as FAILED TO BUILD or NO STATUS count as failed.
"""
import os
import sys
import xml.etree.ElementTree as ET


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else "bazel-testlogs"
    passed = failed = skipped = 0
    broken = []
    for dirpath, _, files in os.walk(root, followlinks=True):
        if "test.xml" not in files:
            continue
        path = os.path.join(dirpath, "test.xml")
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            broken.append(path)
            continue
        cases = list(tree.iter("testcase"))
        if not cases:
            # A target whose binary is not GoogleTest: Bazel's own record.
            suite = tree.find(".//testsuite")
            if suite is not None and int(suite.get("failures", 0)) + int(suite.get("errors", 0)):
                failed += 1
            else:
                passed += 1
            continue
        for case in cases:
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                print(f"FAILED: {case.get('classname')}.{case.get('name')} ({path})")
            elif case.get("result") == "skipped" or case.find("skipped") is not None or \
                    case.get("status") == "notrun":
                skipped += 1
            else:
                passed += 1
    if len(sys.argv) > 2:
        with open(sys.argv[2], errors="replace") as log:
            for line in log:
                if line.startswith("//") and ("FAILED TO BUILD" in line or "NO STATUS" in line):
                    print(f"NOT RUN: {line.split()[0]}")
                    failed += 1
    for path in broken:
        print(f"BROKEN: {path}")
    failed += len(broken)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The CLI is linked in link_order.txt's order, and the file still fits it.

link_order.txt (written by link_order.py) lists the functions the common
verbs run; BUILD.bazel links the CLI with lld and that list as its symbol
ordering file. Checked on the linked binary's symbol table:
  - nearly every listed function is still in the binary (a renamed or
    removed function leaves a stale entry: regenerate the file);
  - the listed functions sit together at the start of the text, not
    scattered over it as an unordered link leaves them. The bound is the
    size of the object sections that hold them (the linker moves whole
    sections, and archive members such as glibc's and abseil's hold more
    than one function) plus slack, far below the text's size.

Usage: link_order_test.py BINARY LINK_ORDER [--unordered REASON]
(--unordered: a build that links without the order, such as the sanitizer
builds: the test skips with that reason.)
"""

import subprocess
import sys


def main():
    args = sys.argv[1:]
    if "--unordered" in args:
        print("SKIP:", args[args.index("--unordered") + 1])
        return 0
    binary, order_file = args[0], args[1]
    order = [line.strip() for line in open(order_file) if line.strip()]
    nm = subprocess.run(["nm", "-S", "--defined-only", binary], check=True, capture_output=True,
                        text=True).stdout
    text = {}
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tTwW":
            text[f[3]] = (int(f[0], 16), int(f[1], 16))
    failures = []
    if len(order) < 500:
        failures.append(f"{order_file} lists {len(order)} functions; link_order.py writes ~1000")
    present = [n for n in order if n in text]
    missing = len(order) - len(present)
    if missing > len(order) // 10:
        failures.append(f"{missing} of the {len(order)} functions in {order_file} are not in the "
                        "binary: regenerate it (python3 tools/nsinit/link_order.py)")
    lo = min(a for a, _ in text.values())
    hi = max(a + s for a, s in text.values())
    # Where the listed functions end, against where the whole text ends.
    ordered_end = max(text[n][0] + text[n][1] for n in present) if present else hi
    span, total = ordered_end - lo, hi - lo
    print(f"{len(present)} listed functions present ({missing} missing); they end "
          f"{span // 1024} KiB into {total // 1024} KiB of text")
    # Unordered (gold, or lld without the file) they end near the text's
    # end (2330 of 2379 KiB); ordered, after the sections that hold them
    # (751 KiB, whole archive members among them).
    if span > total * 0.85:
        failures.append(f"the listed functions end {span // 1024} KiB into {total // 1024} KiB of "
                        "text: the link did not order them (is the CLI linked with lld and "
                        "--symbol-ordering-file?)")
    # The start-up code comes first: each listed function's address is
    # within the first quarter of the text.
    late = [n for n in present[:50] if text[n][0] - lo > total // 4]
    if late:
        failures.append(f"{len(late)} of the first 50 listed functions lie past the first quarter "
                        f"of the text, e.g. {late[0]}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

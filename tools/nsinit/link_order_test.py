#!/usr/bin/env python3
"""The CLI's code is laid out as BUILD.bazel asks: ordered and 2 MiB-mappable.

link_order.txt (written by link_order.py) lists the functions the common
verbs run; BUILD.bazel links the CLI with lld, that list as its symbol
ordering file, and --no-rosegment. Checked on the shipped binary:
  - nearly every listed function is still in the binary (a renamed or
    removed function leaves a stale entry: regenerate the file);
  - the executable segment starts at a file offset congruent to its
    address modulo 2 MiB, so the kernel can map its first 2 MiB with one
    PMD when the page cache holds that part as one folio (a separate
    read-only segment before it, lld's default, shifts the text and
    prevents it);
  - the listed functions all lie in that first 2 MiB: what the verbs run
    is inside the part mapped at once, or, with small folios, in as few
    64 KiB fault-around windows as the sections holding them allow (an
    unordered link scatters them over the whole text).

Usage: link_order_test.py BINARY LINK_ORDER [--unordered REASON]
(--unordered: a build that links without the order, such as the sanitizer
builds: the test skips with that reason.)
"""

import subprocess
import sys

from tools.nsinit import link_order

PMD = 2 << 20


def exec_segment(binary):
    """(file offset, address, size in memory) of the executable PT_LOAD."""
    out = subprocess.run(["readelf", "-lW", binary], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "LOAD" and "E" in f[6:-1]:
            return int(f[1], 16), int(f[2], 16), int(f[5], 16)
    raise SystemExit(f"FAIL: {binary} has no executable LOAD segment")


def main():
    args = sys.argv[1:]
    if "--unordered" in args:
        print("SKIP:", args[args.index("--unordered") + 1])
        return 0
    binary, order_file = args[0], args[1]
    order = [line.strip() for line in open(order_file) if line.strip()]
    text = {name: (start, size) for start, size, name in link_order.text_symbols(binary)}
    failures = []
    if len(order) < 500:
        failures.append(f"{order_file} lists {len(order)} functions; link_order.py writes ~1000")
    present = [n for n in order if n in text]
    missing = len(order) - len(present)
    if missing > len(order) // 10:
        failures.append(f"{missing} of the {len(order)} functions in {order_file} are not in the "
                        "binary: regenerate it (python3 tools/nsinit/link_order.py)")

    offset, addr, size = exec_segment(binary)
    lo = min(a for a, _ in text.values())
    hi = max(a + s for a, s in text.values())
    print(f"executable segment: offset {offset:#x}, address {addr:#x}, {size // 1024} KiB; "
          f"text {lo:#x}-{hi:#x}")
    if (addr - offset) % PMD != 0 or addr % PMD != 0:
        failures.append(f"the executable segment is at {addr:#x}, file offset {offset:#x}: not "
                        "2 MiB-aligned, so its start can never be mapped with one PMD (is the "
                        "CLI linked with --no-rosegment?)")
    if size < PMD:
        print("note: the segment is smaller than 2 MiB; nothing to map with one PMD")
    if present:
        end = max(text[n][0] + text[n][1] for n in present)
        print(f"{len(present)} listed functions present ({missing} missing); the last ends "
              f"{(end - addr) // 1024} KiB into the segment, {(end - lo) // 1024} of "
              f"{(hi - lo) // 1024} KiB into the text")
        # Unordered (gold, or lld without the file), they end near the
        # text's end: 2330 of 2379 KiB.
        if end > addr + PMD:
            failures.append(f"the listed functions end {(end - addr) // 1024} KiB into the "
                            "executable segment, past its first 2 MiB: the link did not order "
                            "them (is it lld with --symbol-ordering-file?)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

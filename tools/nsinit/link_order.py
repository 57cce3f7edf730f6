#!/usr/bin/env python3
"""Regenerates tools/nsinit/link_order.txt, the CLI's function order.

The CLI links with lld and --symbol-ordering-file=link_order.txt (BUILD.bazel):
the functions a container's start, exec, pause and delete run are placed
together at the start of the text, so a short-lived `nsinit` process maps
its code with a few 64 KiB fault-around faults instead of one for each
place its code is scattered to (bench/README.md, "Where the time goes").

    python3 tools/nsinit/link_order.py [--rounds=N] [--iterations=K]

As root, from the workspace, with perf and busybox-static installed. It
builds //:nsinit, runs the common verbs on a busybox bundle, and writes:
  1. the code every process runs before main: the static constructors
     (_GLOBAL__sub_I_*) and glibc's IRELATIVE resolvers (*_ifunc);
  2. the functions perf sampled in those verbs, the most sampled first;
  3. then, K times, relinks with the file so far and records every page
     fault of the same verbs: a fault in the text outside the ordered part
     names a function the samples missed, appended in the order found.
It stops when a round finds nothing new. The file only orders code: a
stale entry costs speed, never correctness (tools/nsinit:link_order_test
fails when the file no longer matches the binary).
"""

import argparse
import bisect
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORKSPACE = os.path.dirname(os.path.dirname(HERE))
ORDER = os.path.join(HERE, "link_order.txt")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build_cli(out):
    run(["bazel", "build", "//:nsinit"], cwd=WORKSPACE, stderr=subprocess.DEVNULL)
    # A fresh copy, as the bench runs its binaries (bench/README.md).
    if os.path.exists(out):
        os.unlink(out)
    shutil.copy(os.path.join(WORKSPACE, "bazel-bin/tools/nsinit/nsinit"), out)


def text_symbols(binary):
    """(start, size, name) of every function, sorted by address."""
    nm = subprocess.run(["nm", "-S", "--defined-only", binary], check=True, capture_output=True,
                        text=True).stdout
    syms = []
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tTwW":
            syms.append((int(f[0], 16), int(f[1], 16), f[3]))
    syms.sort()
    return syms


def symbol_at(syms, starts, addr):
    i = bisect.bisect_right(starts, addr) - 1
    if i >= 0 and addr < syms[i][0] + max(syms[i][1], 1):
        return syms[i][2]
    return None


def make_bundles(work, cli):
    rootfs = os.path.join(work, "rootfs")
    os.makedirs(os.path.join(rootfs, "bin"))
    shutil.copy("/bin/busybox", os.path.join(rootfs, "bin", "busybox"))
    for tool in ("sh", "true", "sleep"):
        os.symlink("busybox", os.path.join(rootfs, "bin", tool))
    # As images have them: the start reads the user's home from passwd.
    os.makedirs(os.path.join(rootfs, "etc"))
    with open(os.path.join(rootfs, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")
    with open(os.path.join(rootfs, "etc", "group"), "w") as f:
        f.write("root:x:0:\nnogroup:x:65534:\n")
    bundles = {}
    for name, args in (("once", ["/bin/true"]), ("sleeper", ["/bin/sleep", "1000"])):
        b = os.path.join(work, name)
        os.makedirs(b)
        run([cli, "spec"], cwd=b)
        with open(os.path.join(b, "config.json")) as f:
            config = json.load(f)
        config["root"] = {"path": rootfs}
        config["process"]["args"] = args
        config["process"]["terminal"] = False
        with open(os.path.join(b, "config.json"), "w") as f:
            json.dump(config, f)
        bundles[name] = b
    return bundles


def workload_script(work, cli, bundles, rounds, tag):
    """A shell script running the common verbs `rounds` times (IDs `tag`N)."""
    root = os.path.join(work, "state")
    n = f"{cli} --root {root}"
    lines = ["set -e"]
    lines.append(f"for i in $(seq 1 {rounds}); do")
    lines.append(f"  cd {bundles['once']}")
    lines.append(f"  {n} run o{tag}$i")
    lines.append(f"  {n} create o{tag}$i; {n} state o{tag}$i >/dev/null")
    # delete refuses until the started /bin/true has exited.
    lines.append(f"  {n} start o{tag}$i; until {n} delete o{tag}$i 2>/dev/null; do :; done")
    lines.append(f"  cd {bundles['sleeper']}")
    lines.append(f"  {n} run -d s{tag}$i")
    lines.append(f"  {n} exec s{tag}$i /bin/true; {n} pause s{tag}$i; {n} resume s{tag}$i")
    lines.append(f"  {n} ps s{tag}$i >/dev/null; {n} list >/dev/null")
    lines.append(f"  {n} kill s{tag}$i KILL; {n} delete --force s{tag}$i")
    lines.append("done")
    path = os.path.join(work, f"workload-{tag}.sh")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def perf_lines(work, perf_args, script, fields):
    data = os.path.join(work, "perf.data")
    r = subprocess.run(["perf", "record", "-q", "-o", data] + perf_args + ["--", "bash", script],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"link_order.py: the verbs failed under perf:\n{r.stderr}")
    out = subprocess.run(["perf", "script", "-i", data, "-F", fields], check=True,
                         capture_output=True, text=True).stdout
    return out.splitlines()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=100, help="verb rounds sampled (default 100)")
    ap.add_argument("--iterations", type=int, default=8,
                    help="relink-and-fault rounds at most (default 8)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("link_order.py: must run as root (it starts containers)")
    work = tempfile.mkdtemp(prefix="nsinit-link-order.")
    state = os.path.join(work, "state")
    os.makedirs(state)
    run(["mount", "-t", "tmpfs", "tmpfs", state])
    cli = os.path.join(work, "nsinit")
    try:
        build_cli(cli)
        bundles = make_bundles(work, cli)
        script = workload_script(work, cli, bundles, args.rounds, "sample")
        comm = os.path.basename(cli)

        syms = text_symbols(cli)
        starts = [s[0] for s in syms]
        startup = [s[2] for s in syms if s[2].startswith("_GLOBAL__sub_I_") or
                   s[2].endswith("_ifunc")]
        hits = collections.Counter()
        print(f"link_order: sampling {args.rounds} rounds of the verbs", flush=True)
        for line in perf_lines(work, ["-F", "20000", "--all-user"], script, "comm,ip"):
            f = line.split()
            if len(f) == 2 and f[0] == comm:
                name = symbol_at(syms, starts, int(f[1], 16))
                if name:
                    hits[name] += 1
        order = list(dict.fromkeys(startup + [n for n, _ in hits.most_common()]))
        print(f"link_order: {len(startup)} start-up functions, {len(hits)} sampled", flush=True)

        short = workload_script(work, cli, bundles, 3, "fault")
        for i in range(args.iterations):
            with open(ORDER, "w") as f:
                f.write("".join(n + "\n" for n in order))
            build_cli(cli)
            syms = text_symbols(cli)
            starts = [s[0] for s in syms]
            known = set(order)
            found, faults = [], 0
            for line in perf_lines(work, ["-e", "page-faults", "-c", "1", "-d"], short,
                                   "comm,addr"):
                f = line.split()
                if len(f) != 2 or f[0] != comm:
                    continue
                name = symbol_at(syms, starts, int(f[1], 16))
                if name:
                    faults += 1
                    if name not in known:
                        known.add(name)
                        found.append(name)
            print(f"link_order: round {i + 1}: {faults} text faults in 3 rounds, "
                  f"{len(found)} functions not yet ordered", flush=True)
            if not found:
                break
            order += found
        with open(ORDER, "w") as f:
            f.write("".join(n + "\n" for n in order))
        build_cli(cli)
        print(f"link_order: wrote {len(order)} functions to {os.path.relpath(ORDER, WORKSPACE)}")
    finally:
        # Whatever a failed round left running goes with its cgroups.
        for cid in os.listdir(state) if os.path.isdir(state) else []:
            subprocess.run([cli, "--root", state, "delete", "--force", cid],
                           stderr=subprocess.DEVNULL)
        subprocess.run(["umount", "-l", state])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

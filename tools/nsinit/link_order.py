#!/usr/bin/env python3
"""Regenerates tools/nsinit/link_order.txt, the CLI's function order.

The CLI links with lld and --symbol-ordering-file=link_order.txt (BUILD.bazel):
the functions a container's start, exec, pause and delete run are placed
together at the start of the text, so a short-lived `nsinit` process maps
its code with a few 64 KiB fault-around faults instead of one for each
place its code is scattered to (bench/README.md, "Where the time goes").

    python3 tools/nsinit/link_order.py [--iterations=K]

As root, from the workspace, with perf and busybox-static installed. It
builds //:nsinit, runs the common verbs on a busybox bundle (`run` first,
the bench's start), and writes:
  1. every function the CLI calls in them, in the order of its first call:
     a uprobe on the entry of each function of the binary (tracefs), so
     glibc's start-up and the static constructors, which every verb runs
     before main, come first and lie together;
  2. then, up to K times, relinks with the file so far and records every
     page fault of the same verbs: a fault in the text outside the ordered
     part names code entered other than through its entry (a function's
     .cold part), appended in the order found.
It stops when a round finds nothing new. The file only orders code: a
stale entry costs speed, never correctness (tools/nsinit:link_order_test
fails when the file no longer matches the binary).
"""

import argparse
import bisect
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


def workload_script(work, cli, bundles, rounds, tag, ps=True):
    """A shell script running the common verbs `rounds` times (IDs `tag`N).

    Without `ps`: under a uprobe on every function, `nsinit ps` (which runs
    the host's ps) fails and its error message comes out unformatted; the
    fault rounds still place what it calls."""
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
    if ps:
        lines.append(f"  {n} ps s{tag}$i >/dev/null")
    lines.append(f"  {n} list >/dev/null")
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


TRACING = "/sys/kernel/debug/tracing"


def write_tracefs(name, text):
    with open(os.path.join(TRACING, name), "w") as f:
        f.write(text)


def first_calls(cli, script):
    """The CLI's functions in the order `script` first calls them."""
    syms = text_symbols(cli)
    ph = subprocess.run(["readelf", "-lW", cli], check=True, capture_output=True,
                        text=True).stdout
    offset, vaddr, size = next((int(f[1], 16), int(f[2], 16), int(f[4], 16))
                               for f in (line.split() for line in ph.splitlines())
                               if f and f[0] == "LOAD" and "E" in f[6:-1])
    names = {}
    for start, _, name in syms:
        if vaddr <= start < vaddr + size:
            names.setdefault(start, name)
    addrs = sorted(names)
    # One probe per function entry; a probe the kernel refuses is skipped.
    probes = []
    saved = {}
    for name in ("buffer_size_kb", "options/overwrite", "tracing_on"):
        with open(os.path.join(TRACING, name)) as f:
            saved[name] = f.read().strip()
    fd = os.open(os.path.join(TRACING, "uprobe_events"), os.O_WRONLY | os.O_APPEND)
    try:
        for i, a in enumerate(addrs):
            try:
                os.write(fd, f"p:nsinit_order/f{i} {cli}:{a - vaddr + offset:#x}\n".encode())
                probes.append(i)
            except OSError:
                pass
        # The first calls matter: when the buffer is full, new events are
        # dropped, not old ones.
        write_tracefs("options/overwrite", "0")
        write_tracefs("buffer_size_kb", "65536")
        write_tracefs("trace", "")
        write_tracefs("events/nsinit_order/enable", "1")
        write_tracefs("tracing_on", "1")
        try:
            run(["bash", script], stdout=subprocess.DEVNULL)
        finally:
            write_tracefs("tracing_on", "0")
            write_tracefs("events/nsinit_order/enable", "0")
        comm = os.path.basename(cli)[:15]
        order = {}
        with open(os.path.join(TRACING, "trace")) as f:
            for line in f:
                # "  nsinit-123  [001] ....  1.5: f42: (0x2c23f0)"
                if line.startswith("#") or not line.strip().startswith(comm + "-"):
                    continue
                event = line.split(": ", 2)[1] if line.count(": ") >= 2 else ""
                if event.startswith("f") and event[1:].isdigit():
                    order.setdefault(names[addrs[int(event[1:])]], None)
    finally:
        # The host's tracing as it was, whatever failed.
        write_tracefs("trace", "")
        for name, value in saved.items():
            write_tracefs(name, value)
        for i in probes:
            try:
                os.write(fd, f"-:nsinit_order/f{i}\n".encode())
            except OSError:
                pass
        os.close(fd)
    return list(order)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
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
        script = workload_script(work, cli, bundles, 1, "trace", ps=False)
        comm = os.path.basename(cli)

        print("link_order: tracing the first call of every function", flush=True)
        order = first_calls(cli, script)
        print(f"link_order: {len(order)} functions called", flush=True)

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

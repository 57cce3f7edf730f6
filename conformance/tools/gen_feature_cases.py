#!/usr/bin/env python3
"""Writes conformance/cases/feat/generated_*.json: one case per mount option,
seccomp action, operator and flag a runtime's `features` document may
advertise (FEAT-004, FEAT-008, FEAT-009).

Each case carries a `feature_checks` entry, so a runtime that does not
advertise the option (or has no features document) skips it with that
reason, and a runtime that advertises it must make it work. The lists are
the union of what nsinit, runc 1.1 and the OCI tables name; add a name
here and rerun when a runtime advertises a new one:

    python3 conformance/tools/gen_feature_cases.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "cases", "feat")

MOUNT_OPTIONS = [
    "acl", "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "idmap",
    "iversion", "lazytime", "loud", "mand", "noacl", "noatime", "nodev", "nodiratime", "noexec",
    "noiversion", "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow",
    "private", "ratime", "rbind", "rdev", "rdiratime", "relatime", "remount", "rexec", "ridmap",
    "rnoatime", "rnodev", "rnodiratime", "rnoexec", "rnorelatime", "rnostrictatime", "rnosuid",
    "rnosymfollow", "ro", "rprivate", "rrelatime", "rro", "rrw", "rshared", "rslave",
    "rstrictatime", "rsuid", "rsymfollow", "runbindable", "rw", "shared", "silent", "slave",
    "strictatime", "suid", "symfollow", "sync", "tmpcopyup", "unbindable",
]

# "Rejected as unknown" in the words runtimes use; any other failure is
# judged by the step's exit status.
UNKNOWN = "([Uu]nknown|[Uu]nrecogni[sz]ed|[Uu]nsupported) (mount )?option"


def mount_case(option):
    case = {
        "id": f"feat-mount-option-{option}",
        "requirements": ["FEAT-004"],
        "needs": ["cli", "features"],
        "feature_checks": [{"path": "mountOptions", "contains": option}],
    }
    mapping = [{"containerID": 0, "hostID": 100000, "size": 65536}]
    if option in ("bind", "rbind"):
        case["bundle"] = {"files": {"src/f": "bound"}}
        case["append"] = {"mounts": [{"destination": "/m", "type": "bind", "source": "src", "options": [option]}]}
        case["run"] = ["/probe", "read", "/m/f"]
        case["steps"] = [{"step": "run", "expect": [{"path": "content", "equals": "bound"}]}]
        return case
    if option in ("idmap", "ridmap"):
        # Id-mapping needs kernel and runtime support (FEAT-012, MNT-035):
        # create may fail, but not because the option is unknown.
        case["why"] = "an id-mapped bind may be unsupported, but the option must not be unknown"
        case["bundle"] = {"dirs": ["src"]}
        case["append"] = {"mounts": [{"destination": "/m", "type": "bind", "source": "src",
                                      "options": ["rbind", option], "uidMappings": mapping, "gidMappings": mapping}]}
        case["steps"] = [{"step": "run", "exit": "any", "expect": [
            {"from": "result", "path": "stderr", "not_matches": UNKNOWN + "|" + option + "\"? ?(is )?(unknown|not recogni)"}]}]
        return case
    if option == "remount":
        # remount acts on an existing mount: the base config's /dev/shm.
        case["append"] = {"mounts": [{"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
                                      "options": ["remount", "nosuid", "nodev", "noexec", "ro"]}]}
        case["probes"] = [["write-file", "/dev/shm/x", "y"]]
        case["steps"] = [{"step": "run", "expect": [{"path": "errno", "equals": "EROFS"}]}]
        return case
    case["append"] = {"mounts": [{"destination": "/m", "type": "tmpfs", "source": "tmpfs", "options": [option]}]}
    case["run"] = ["/probe", "statfs", "/m"]
    case["steps"] = [{"step": "run", "expect": [{"path": "fs_type", "equals": "tmpfs"}]}]
    return case


# Each action on uname(2), which the probe calls only for the `syscall
# uname` verb; what the caller then sees.
ACTIONS = {
    "SCMP_ACT_ALLOW": {"exit": 0, "expect": [{"path": "ok", "equals": True}]},
    "SCMP_ACT_LOG": {"exit": 0, "expect": [{"path": "ok", "equals": True}]},
    "SCMP_ACT_ERRNO": {"exit": 0, "errnoRet": 18, "expect": [{"path": "errno", "equals": "EXDEV"}]},
    "SCMP_ACT_TRACE": {"exit": 0, "expect": [{"path": "errno", "equals": "ENOSYS"}],
                       "why": "no tracer is attached, so the syscall fails with ENOSYS (seccomp(2))"},
    "SCMP_ACT_KILL": {"exit": 159, "expect": [{"from": "result", "path": "output", "equals": ""}]},
    "SCMP_ACT_KILL_THREAD": {"exit": 159, "expect": [{"from": "result", "path": "output", "equals": ""}]},
    "SCMP_ACT_KILL_PROCESS": {"exit": 159, "expect": [{"from": "result", "path": "output", "equals": ""}]},
    "SCMP_ACT_TRAP": {"exit": 159, "expect": [{"from": "result", "path": "output", "equals": ""}],
                      "why": "SIGSYS with no handler kills the probe: 128 + 31"},
}

# personality(0xffffffff) is what the probe's `syscall personality` makes.
OPERATORS = {
    "SCMP_CMP_EQ": {"value": 4294967295},
    "SCMP_CMP_NE": {"value": 0},
    "SCMP_CMP_GT": {"value": 1},
    "SCMP_CMP_GE": {"value": 4294967295},
    "SCMP_CMP_LT": {"value": 4294967296},
    "SCMP_CMP_LE": {"value": 4294967295},
    "SCMP_CMP_MASKED_EQ": {"value": 255, "valueTwo": 255},
}

FLAGS = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"]


def seccomp_cases():
    cases = []
    for action, want in ACTIONS.items():
        rule = {"names": ["uname"], "action": action}
        if "errnoRet" in want:
            rule["errnoRet"] = want["errnoRet"]
        case = {
            "id": f"feat-seccomp-action-{action[len('SCMP_ACT_'):].lower().replace('_', '-')}",
            "requirements": ["FEAT-008"],
            "needs": ["cli", "features"],
            "feature_checks": [{"path": "linux.seccomp.enabled", "equals": True},
                               {"path": "linux.seccomp.actions", "contains": action}],
            "patch": {"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [rule]}}},
            "run": ["/probe", "syscall", "uname"],
            "steps": [{"step": "run", "exit": want["exit"], "expect": want["expect"]}],
        }
        if "why" in want:
            case["why"] = want["why"]
        cases.append(case)
    for op, arg in OPERATORS.items():
        a = {"index": 0, "op": op}
        a.update(arg)
        cases.append({
            "id": f"feat-seccomp-operator-{op[len('SCMP_CMP_'):].lower().replace('_', '-')}",
            "requirements": ["FEAT-008"],
            "needs": ["cli", "features"],
            "feature_checks": [{"path": "linux.seccomp.enabled", "equals": True},
                               {"path": "linux.seccomp.operators", "contains": op}],
            "why": "the rule matches personality(0xffffffff) only if the operator works",
            "patch": {"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18, "args": [a]}]}}},
            "run": ["/probe", "syscall", "personality"],
            "steps": [{"step": "run", "expect": [{"path": "errno", "equals": "EXDEV"}]}],
        })
    for flag in FLAGS:
        cases.append({
            "id": f"feat-seccomp-flag-{flag[len('SECCOMP_FILTER_FLAG_'):].lower().replace('_', '-')}",
            "requirements": ["FEAT-009"],
            "needs": ["cli", "features"],
            "feature_checks": [{"path": "linux.seccomp.supportedFlags", "contains": flag}],
            "why": "a supported flag is accepted by the kernel and the filter still applies",
            "patch": {"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "flags": [flag], "syscalls": [
                {"names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]}}},
            "run": ["/probe", "syscall", "uname"],
            "steps": [{"step": "run", "expect": [{"path": "errno", "equals": "EXDEV"}]}],
        })
    return cases


def write(name, cases):
    with open(os.path.join(OUT, name), "w") as f:
        f.write("[\n")
        f.write(",\n".join(" " + json.dumps(c) for c in cases))
        f.write("\n]\n")


if __name__ == "__main__":
    write("generated_mount_options.json", [mount_case(o) for o in MOUNT_OPTIONS])
    write("generated_seccomp.json", seccomp_cases())

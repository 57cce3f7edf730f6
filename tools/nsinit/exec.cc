// nsinit exec: run a new process inside a running container.
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/oci_config.h"
#include "runtime/console/console_proxy.h"
#include "runtime/console/console_socket.h"
#include "runtime/v1/directory.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

absl::Status ApplyUser(const std::string& text, config::Process* proc) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.empty() || parts.size() > 2 || !absl::SimpleAtoi(parts[0], &proc->user.uid) ||
      (parts.size() == 2 && !absl::SimpleAtoi(parts[1], &proc->user.gid))) {
    return absl::InvalidArgumentError(
        absl::StrCat("exec: --user: expected UID[:GID], got \"", text, "\""));
  }
  return absl::OkStatus();
}

// runc's and crun's exec flags that change the process: --cap (added to the
// bounding, effective and permitted sets, and to ambient when inheritable
// has it, as runc does), --additional-gids, --no-new-privs, --apparmor,
// --process-label.
absl::Status ApplyProcessFlags(const Parsed& p, config::Process* proc) {
  for (const std::string& text : p.All("cap")) {
    std::string name = absl::AsciiStrToUpper(text);
    if (!absl::StartsWith(name, "CAP_")) name = "CAP_" + name;
    if (!config::CapabilityFromName(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("exec: --cap: unknown capability \"", text, "\""));
    }
    if (!proc->capabilities) proc->capabilities.emplace();
    config::Capabilities& caps = *proc->capabilities;
    auto add = [&](std::vector<std::string>& set) {
      if (std::find(set.begin(), set.end(), name) == set.end()) set.push_back(name);
    };
    add(caps.bounding);
    add(caps.effective);
    add(caps.permitted);
    if (std::find(caps.inheritable.begin(), caps.inheritable.end(), name) !=
        caps.inheritable.end()) {
      add(caps.ambient);
    }
  }
  for (const std::string& list : p.All("additional-gids")) {
    for (absl::string_view gid_text : absl::StrSplit(list, ',', absl::SkipEmpty())) {
      uint32_t gid;
      if (!absl::SimpleAtoi(gid_text, &gid)) {
        return absl::InvalidArgumentError(
            absl::StrCat("exec: --additional-gids: expected a gid, got \"", gid_text, "\""));
      }
      proc->user.additional_gids.push_back(gid);
    }
  }
  if (p.Has("no-new-privs")) proc->no_new_privileges = true;
  if (p.Has("apparmor")) proc->apparmor_profile = p.Get("apparmor");
  if (p.Has("process-label")) proc->selinux_label = p.Get("process-label");
  return absl::OkStatus();
}

// Flags nsinit knows and refuses, with why (one line, naming the flag).
absl::Status RefusedFlags(const Parsed& p) {
  if (p.Has("cgroup")) {
    return absl::UnimplementedError(
        "exec --cgroup: refused: nsinit runs an exec'd process only in the container's own "
        "cgroup, not in a sub-cgroup");
  }
  if (p.Has("ignore-paused")) {
    return absl::UnimplementedError(
        "exec --ignore-paused: refused: nsinit does not exec into a paused container");
  }
  return absl::OkStatus();
}

// runc's contract: exec exits with the process's status, or 255 when the
// runtime itself failed (no container, not running, bad process, exec
// failed), so a script can tell the two apart.
constexpr int kExecFailed = 255;
int FailExec(const absl::Status& status) {
  (void)Fail(status);
  return kExecFailed;
}

int Exec(const Globals& g, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "exec", 1, 1 << 20); !s.ok()) return Fail(s);
  absl::StatusOr<Container> c = Container::Load(g.root, p.operands[0]);
  bool not_an_id = !c.ok() && (c.status().code() == absl::StatusCode::kNotFound ||
                               c.status().code() == absl::StatusCode::kInvalidArgument);
  if (not_an_id && IsV1Directory(".")) {
    // The seed's usage: not a container id, and ./container.json exists.
    absl::StatusOr<int> code = V1Exec(BundlePath(p), p.operands, g.root);
    if (!code.ok()) return Fail(code.status());
    return *code;
  }
  if (!c.ok()) return FailExec(c.status());
  if (absl::Status s = RefusedFlags(p); !s.ok()) return FailExec(s);

  config::Process proc;
  if (p.Has("process")) {
    // A whole OCI process object (podman, containerd): it replaces the
    // container's process settings; the flags below still apply on top.
    absl::StatusOr<std::string> json = ReadFile(p.Get("process"), kMaxJsonInputBytes);
    if (!json.ok()) return FailExec(Annotate(json.status(), "exec: --process: cannot read"));
    absl::StatusOr<config::Process> parsed = config::ParseProcess(*json);
    if (!parsed.ok()) return FailExec(parsed.status());
    proc = *std::move(parsed);
    if (p.operands.size() > 1) proc.args.assign(p.operands.begin() + 1, p.operands.end());
  } else {
    // Start from the container's own process settings, as runc does.
    if (!c->bundle_status().ok()) return FailExec(c->bundle_status());
    proc = c->spec().process.value_or(config::Process());
    proc.args.assign(p.operands.begin() + 1, p.operands.end());
  }
  // crun's --tty[=TTY] takes an optional true/false.
  if (p.Has("tty")) proc.terminal = p.Get("tty") != "false";
  // runc's rules: a detached terminal needs a socket to go to, and a socket
  // needs a terminal to receive.
  if (proc.terminal && p.Has("detach") && !p.Has("console-socket")) {
    return FailExec(absl::InvalidArgumentError(
        "exec: cannot allocate a tty for a detached process without --console-socket"));
  }
  if (!proc.terminal && p.Has("console-socket")) {
    return FailExec(absl::InvalidArgumentError(
        "exec: --console-socket given but the process has no terminal (--tty or terminal: true)"));
  }
  // Relayed in the foreground: the pty starts with the size of our
  // terminal, before the process can ask for it.
  struct winsize ours;
  if (proc.terminal && !proc.console_size && !p.Has("console-socket") && isatty(0) &&
      ioctl(0, TIOCGWINSZ, &ours) == 0) {
    proc.console_size = config::ConsoleSize{ours.ws_row, ours.ws_col};
  }
  // -e KEY=VALUE overrides KEY if the process has it, as runc does.
  for (const std::string& kv : p.All("env")) {
    std::string key = kv.substr(0, kv.find('=')) + "=";
    auto same = std::find_if(proc.env.begin(), proc.env.end(),
                             [&](const std::string& e) { return absl::StartsWith(e, key); });
    if (same != proc.env.end()) {
      *same = kv;
    } else {
      proc.env.push_back(kv);
    }
  }
  if (p.Has("cwd")) proc.cwd = p.Get("cwd");
  if (p.Has("user")) {
    if (absl::Status s = ApplyUser(p.Get("user"), &proc); !s.ok()) return FailExec(s);
  }
  if (absl::Status s = ApplyProcessFlags(p, &proc); !s.ok()) return FailExec(s);
  if (proc.args.empty()) return FailExec(absl::InvalidArgumentError("exec: no command given"));

  absl::StatusOr<uint32_t> preserve_fds = PreserveFds(p);
  if (!preserve_fds.ok()) return FailExec(preserve_fds.status());
  UniqueFd console;
  absl::StatusOr<process::ChildProcess> child = c->Exec(proc, nullptr, &console, *preserve_fds);
  if (!child.ok()) return FailExec(child.status());
  if (absl::Status s = WritePidFile(p, child->pid()); !s.ok()) return FailExec(s);
  if (console && p.Has("console-socket")) {
    if (absl::Status s = SendConsole(p.Get("console-socket"), console.get()); !s.ok()) {
      (void)child->Signal(SIGKILL);
      (void)child->Wait();
      return FailExec(s);
    }
    console.reset();
  }
  if (p.Has("detach")) {
    child->Release();
    return 0;
  }
  // A terminal without --console-socket: this process relays it.
  if (console) {
    if (absl::Status s = ProxyConsole(console.get()); !s.ok()) return FailExec(s);
  }
  absl::StatusOr<int> code = child->Wait();
  if (!code.ok()) return FailExec(code.status());
  return *code;
}

}  // namespace

constexpr FlagSpec kExecFlags[] = {
    {"process", "p", true, "an OCI process JSON file describing the process"},
    {"console-socket", "", true, "unix socket that receives the pty master (with --tty)"},
    {"env", "e", true, "add KEY=VALUE to the environment (repeatable)", true},
    {"cwd", "", true, "working directory inside the container"},
    {"user", "u", true, "UID[:GID] to run as"},
    {"detach", "d", false, "do not wait for the process"},
    {"pid-file", "", true, "write the process's pid to this file"},
    {"preserve-fds", "", true, "pass N more fds (3..3+N-1) into the process"},
    {"tty", "t", false,
     "allocate a pseudo-TTY: relayed to this process's stdio, or sent to --console-socket"},
    {"cap", "c", true,
     "add a capability (CAP_X or X) to the bounding, effective and permitted sets", true},
    {"additional-gids", "g", true, "add supplementary gids (repeatable, or comma-separated)", true},
    {"no-new-privs", "", false, "set no_new_privs for the process"},
    {"apparmor", "", true, "the AppArmor profile for the process"},
    {"process-label", "", true, "the SELinux label for the process"},
    {"cgroup", "", true, "refused: nsinit does not run a process in a sub-cgroup", true},
    {"ignore-paused", "", false, "refused: nsinit does not exec into a paused container"},
};

const Verb kExec = {
    "exec",
    "exec [flags] ID COMMAND [ARG...]\n       nsinit exec COMMAND [ARG...]   (in a v1 rootfs with "
    "container.json)",
    "Run COMMAND inside the running container ID, with the container's process settings\n"
    "(user, env, cwd, capabilities, seccomp) unless overridden; exits with its status, or\n"
    "255 when nsinit could not run it (as runc).\n\n"
    "--tty gives the process a new pty of the container: in the foreground nsinit relays\n"
    "it to its own stdio (copying the window size); with --console-socket (and --detach)\n"
    "the pty master is sent over that unix socket with SCM_RIGHTS, as create does.\n\n"
    "The seed's usage: when the first argument is not a container under --root and the\n"
    "current directory holds a libcontainer v1 container.json, the directory is the\n"
    "rootfs: the first exec runs COMMAND in a new container (writing ./state.json while\n"
    "it runs), a second exec there joins that container.",
    kExecFlags,
    Exec,
    /*stop_at_operand=*/true,
};

}  // namespace nsinit::cli

#include "tools/nsinit/common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <type_traits>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/oci_config.h"
#include "runtime/console/console_socket.h"
#include "runtime/v1/directory.h"
#include "tools/nsinit/root_dir.h"

namespace nsinit::cli {

std::string BundlePath(const Parsed& p) {
  std::string bundle = p.Get("bundle", ".");
  char resolved[PATH_MAX];
  if (realpath(bundle.c_str(), resolved) != nullptr) return resolved;
  return bundle;
}

void PrintWarnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) Warn(w);
}

absl::StatusOr<config::Spec> LoadBundle(const std::string& bundle) {
  std::vector<std::string> warnings;
  absl::StatusOr<config::Spec> spec = config::LoadOciBundle(bundle, &warnings);
  PrintWarnings(warnings);
  return spec;
}

absl::StatusOr<CreateRequest> PrepareCreate(const Globals& g, const Parsed& p, const char* verb,
                                            bool relay_console) {
  RETURN_IF_ERROR(WantOperands(p, verb, 1, 1));
  // containerd passes a --root whose parents may not exist yet (runc makes it whole).
  RETURN_IF_ERROR(MakeRootWhole(g.root));
  CreateRequest r;
  r.options.root = g.root;
  r.options.id = p.operands[0];
  r.options.bundle = BundlePath(p);
  r.options.no_pivot = p.Has("no-pivot");
  if (p.Has("config")) {
    ASSIGN_OR_RETURN(r.spec, LoadConfigFile(r.options.bundle, p.Get("config")));
  } else {
    ASSIGN_OR_RETURN(r.spec, LoadBundle(r.options.bundle));
  }
  RETURN_IF_ERROR(ApplyGlobals(g, r.options.id, &r.spec));
  if (g.no_cgroups) {
    r.options.no_cgroups = true;
    // Device rules are in nearly every config (runc's spec has one): only
    // limits are worth a warning.
    config::Resources limits = r.spec.linux.resources.value_or(config::Resources());
    limits.devices.clear();
    if (limits != config::Resources()) {
      Warn("linux.resources: ignored: --cgroup-manager disabled creates no cgroups");
    }
  }
  ASSIGN_OR_RETURN(r.options.preserve_fds, ContainerFds(p, &r.spec));
  RETURN_IF_ERROR(CheckConsoleSocket(p, r.spec, relay_console));
  return r;
}

absl::StatusOr<std::string> SystemdCgroupsPath(const std::string& cgroups_path,
                                               const std::string& id) {
  std::vector<std::string> parts = cgroups_path.empty() ? std::vector<std::string>{"", "nsinit", id}
                                                        : absl::StrSplit(cgroups_path, ':');
  if (parts.size() != 3 || parts[2].empty() || absl::StrContains(cgroups_path, '/')) {
    return absl::InvalidArgumentError(absl::StrCat(
        "linux.cgroupsPath: with --systemd-cgroup it must be \"slice:prefix:name\", got \"",
        cgroups_path, "\""));
  }
  std::string slice = parts[0].empty() ? "system.slice" : parts[0];
  if (!absl::EndsWith(slice, ".slice")) {
    return absl::InvalidArgumentError(
        absl::StrCat("linux.cgroupsPath: \"", slice, "\" is not a slice name (NAME.slice)"));
  }
  // "a-b-c.slice" nests as a.slice/a-b.slice/a-b-c.slice; "-.slice" is the root.
  std::string path;
  std::string stem = slice.substr(0, slice.size() - strlen(".slice"));
  if (stem != "-") {
    size_t dash = 0;
    while ((dash = stem.find('-', dash)) != std::string::npos) {
      absl::StrAppend(&path, "/", stem.substr(0, dash), ".slice");
      ++dash;
    }
    absl::StrAppend(&path, "/", slice);
  }
  const std::string& name = parts[2];
  if (absl::EndsWith(name, ".slice")) return absl::StrCat(path, "/", name);
  return absl::StrCat(path, "/", parts[1].empty() ? "" : parts[1] + "-", name, ".scope");
}

absl::Status ApplyGlobals(const Globals& g, const std::string& id, config::Spec* spec) {
  if (!g.systemd_cgroup) return absl::OkStatus();
  ASSIGN_OR_RETURN(spec->linux.cgroups_path, SystemdCgroupsPath(spec->linux.cgroups_path, id));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ContainerIdOrV1(const Parsed& p, const char* verb) {
  if (!p.operands.empty() || !IsV1Directory(".")) {
    RETURN_IF_ERROR(WantOperands(p, verb, 1, 1));
    return p.operands[0];
  }
  absl::StatusOr<std::string> json = ReadFile("state.json", kMaxJsonInputBytes);
  if (!json.ok() && json.status().code() == absl::StatusCode::kNotFound) {
    return absl::FailedPreconditionError(
        absl::StrCat(verb, ": no container runs from this v1 directory (no ./state.json)"));
  }
  if (!json.ok()) return Annotate(json.status(), verb);
  ASSIGN_OR_RETURN(state::State st, state::FromJson(*json));
  return st.id;
}

absl::StatusOr<uint32_t> PreserveFds(const Parsed& p, uint32_t first) {
  if (!p.Has("preserve-fds")) return 0;
  uint32_t n = 0;
  if (!absl::SimpleAtoi(p.Get("preserve-fds"), &n) || n > 65536) {
    return absl::InvalidArgumentError(
        absl::StrCat("--preserve-fds: expected a count, got \"", p.Get("preserve-fds"), "\""));
  }
  // A closed fd in the range is passed over, as runc and crun do: the
  // container gets those of 3..3+N-1 that are open.
  (void)first;
  return n;
}

absl::StatusOr<uint32_t> ContainerFds(const Parsed& p, config::Spec* spec) {
  uint32_t listen = 0;
  const char* fds = getenv("LISTEN_FDS");
  const char* pid = getenv("LISTEN_PID");
  // systemd's rule: the fds are ours only when LISTEN_PID names us.
  if (fds != nullptr && pid != nullptr && absl::StrCat(getpid()) == pid &&
      absl::SimpleAtoi(fds, &listen) && listen > 0 && listen <= 65536) {
    for (uint32_t fd = 3; fd < 3 + listen; ++fd) {
      if (fcntl(static_cast<int>(fd), F_GETFD) < 0) {
        return LastErrnoStatus(absl::StrCat("LISTEN_FDS=", listen, ": fd ", fd));
      }
    }
    // In the container the user's process is the one they are meant for.
    if (spec->process) {
      spec->process->env.push_back(absl::StrCat("LISTEN_FDS=", listen));
      spec->process->env.push_back("LISTEN_PID=1");
    }
  } else {
    listen = 0;
  }
  ASSIGN_OR_RETURN(uint32_t preserve, PreserveFds(p, 3 + listen));
  return listen + preserve;
}

absl::Status WritePidFile(const Parsed& p, pid_t pid) {
  std::string path = p.Get("pid-file");
  if (path.empty()) return absl::OkStatus();
  // Atomic: a shim polling for the file never reads an empty one. 0644, as
  // runc's under the usual umask: the pid is no secret, and a shim running
  // as another user reads it.
  return Annotate(WriteFileAtomic(path, absl::StrCat(pid), 0644), "--pid-file");
}

absl::StatusOr<int64_t> ParseByteSize(const std::string& flag, const std::string& text) {
  int64_t value;
  std::string digits = text;
  int64_t unit = 1;
  if (!text.empty()) {
    switch (std::tolower(text.back())) {
      case 'k':
        unit = int64_t{1} << 10;
        break;
      case 'm':
        unit = int64_t{1} << 20;
        break;
      case 'g':
        unit = int64_t{1} << 30;
        break;
      default:
        break;
    }
    if (unit != 1) digits.pop_back();
    if (!digits.empty() && std::tolower(digits.back()) == 'b' && unit == 1) digits.pop_back();
  }
  // value * unit must fit: "99999999999999999k" overflowed (UBSan, found
  // with //tools/nsinit/fuzz:cli_fuzzer).
  if (!absl::SimpleAtoi(digits, &value) || (value < 0 && value != -1) ||
      (value > 0 && value > std::numeric_limits<int64_t>::max() / unit)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": expected a size like 512, 64k, 128m, 1g or -1, got \"", text, "\""));
  }
  return value == -1 ? -1 : value * unit;
}

absl::Status ApplyResourceFlags(const Parsed& p, config::Resources* r) {
  auto size = [&](const char* flag, std::optional<int64_t>* out) -> absl::Status {
    if (!p.Has(flag)) return absl::OkStatus();
    absl::StatusOr<int64_t> v = ParseByteSize(flag, p.Get(flag));
    if (!v.ok()) return v.status();
    *out = *v;
    return absl::OkStatus();
  };
  auto number = [&](const char* flag, auto* out) -> absl::Status {
    if (!p.Has(flag)) return absl::OkStatus();
    typename std::remove_reference_t<decltype(*out)>::value_type v;
    if (!absl::SimpleAtoi(p.Get(flag), &v)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, ": expected a number, got \"", p.Get(flag), "\""));
    }
    *out = v;
    return absl::OkStatus();
  };
  if (p.Has("memory") || p.Has("memory-reservation") || p.Has("memory-swap") ||
      p.Has("kernel-memory") || p.Has("kernel-memory-tcp")) {
    if (!r->memory) r->memory.emplace();
    for (auto [flag, field] : {std::pair{"memory", &r->memory->limit},
                               {"memory-reservation", &r->memory->reservation},
                               {"memory-swap", &r->memory->swap},
                               {"kernel-memory", &r->memory->kernel},
                               {"kernel-memory-tcp", &r->memory->kernel_tcp}}) {
      if (absl::Status s = size(flag, field); !s.ok()) return s;
    }
  }
  for (const char* f :
       {"cpu-shares", "cpu-share", "cpu-quota", "cpu-period", "cpu-burst", "cpu-rt-period",
        "cpu-rt-runtime", "cpu-idle", "cpuset-cpus", "cpuset-mems"}) {
    if (p.Has(f) && !r->cpu) r->cpu.emplace();
  }
  if (r->cpu) {
    absl::Status s;
    s.Update(number("cpu-shares", &r->cpu->shares));
    s.Update(number("cpu-share", &r->cpu->shares));  // runc's and crun's spelling
    s.Update(number("cpu-quota", &r->cpu->quota));
    s.Update(number("cpu-period", &r->cpu->period));
    s.Update(number("cpu-burst", &r->cpu->burst));
    s.Update(number("cpu-rt-period", &r->cpu->realtime_period));
    s.Update(number("cpu-rt-runtime", &r->cpu->realtime_runtime));
    s.Update(number("cpu-idle", &r->cpu->idle));
    if (!s.ok()) return s;
    if (p.Has("cpuset-cpus")) r->cpu->cpus = p.Get("cpuset-cpus");
    if (p.Has("cpuset-mems")) r->cpu->mems = p.Get("cpuset-mems");
  }
  if (p.Has("pids-limit")) {
    if (!r->pids) r->pids.emplace();
    if (absl::Status s = number("pids-limit", &r->pids->limit); !s.ok()) return s;
  }
  if (p.Has("blkio-weight")) {
    if (!r->block_io) r->block_io.emplace();
    uint32_t weight;
    // 0 is runc's default, "not set" (SPEC CG-045).
    if (!absl::SimpleAtoi(p.Get("blkio-weight"), &weight) ||
        (weight != 0 && (weight < 10 || weight > 1000))) {
      return absl::InvalidArgumentError(
          absl::StrCat("--blkio-weight: expected 0 (not set) or a number from 10 to 1000, got \"",
                       p.Get("blkio-weight"), "\""));
    }
    r->block_io->weight = static_cast<uint16_t>(weight);
  }
  return absl::OkStatus();
}

absl::Status CheckConsoleSocket(const Parsed& p, const config::Spec& spec, bool relay) {
  bool terminal = spec.process && spec.process->terminal;
  if (terminal && !p.Has("console-socket") && !relay) {
    return absl::InvalidArgumentError(
        "process.terminal: true needs --console-socket to receive the pty master");
  }
  if (!terminal && p.Has("console-socket")) {
    return absl::InvalidArgumentError(
        "--console-socket: given but process.terminal is false: there is no pty to send");
  }
  return absl::OkStatus();
}

absl::Status HandOverConsole(const Parsed& p, Container& c) {
  if (!p.Has("console-socket")) return absl::OkStatus();
  UniqueFd master = c.TakeConsole();
  return SendConsole(p.Get("console-socket"), master.get());
}

absl::StatusOr<config::Spec> LoadConfigFile(const std::string& bundle, const std::string& file) {
  absl::StatusOr<std::string> text = ReadFile(file, kMaxJsonInputBytes);
  if (!text.ok()) return Annotate(text.status(), "--config");
  std::vector<std::string> warnings;
  absl::StatusOr<config::Spec> spec = config::ParseOciConfig(*text, &warnings);
  PrintWarnings(warnings);
  if (!spec.ok()) return Annotate(spec.status(), file);
  if (!spec->root.path.empty() && !absl::StartsWith(spec->root.path, "/")) {
    spec->root.path = absl::StrCat(bundle, "/", spec->root.path);
  }
  return spec;
}

absl::StatusOr<std::vector<std::string>> IdsMatching(const std::string& root,
                                                     const std::string& pattern) {
  regex_t re;
  // Anchored: crun matches the whole id.
  std::string anchored = absl::StrCat("^(", pattern, ")$");
  if (int rc = regcomp(&re, anchored.c_str(), REG_EXTENDED | REG_NOSUB); rc != 0) {
    char buf[256];
    regerror(rc, &re, buf, sizeof(buf));
    return absl::InvalidArgumentError(absl::StrCat("--regex: \"", pattern, "\": ", buf));
  }
  absl::Cleanup free_re = [&] { regfree(&re); };
  std::vector<std::string> ids;
  DIR* dir = opendir(root.c_str());
  if (dir == nullptr) {
    if (errno == ENOENT) return ids;
    return LastErrnoStatus(absl::StrCat("opendir ", root));
  }
  absl::Cleanup close_dir = [&] { closedir(dir); };
  while (dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (name == "." || name == ".." || e->d_type != DT_DIR) continue;
    if (regexec(&re, name.c_str(), 0, nullptr, 0) == 0) ids.push_back(name);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace nsinit::cli

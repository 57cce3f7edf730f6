#include "conformance/host_info.h"

#include <linux/magic.h>
#include <signal.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "conformance/file_util.h"
#include "conformance/subprocess.h"
#include "conformance/suite_revision.h"

namespace nsinit::conformance {

namespace {

std::string Trimmed(const std::string& path) {
  absl::StatusOr<std::string> s = ReadFileToString(path);
  return s.ok() ? std::string(absl::StripAsciiWhitespace(*s)) : "";
}

std::string Distribution() {
  absl::StatusOr<std::string> os = ReadFileToString("/etc/os-release");
  if (!os.ok()) return "unknown (no /etc/os-release)";
  for (absl::string_view line : absl::StrSplit(*os, '\n')) {
    if (absl::ConsumePrefix(&line, "PRETTY_NAME=")) {
      std::string v(line);
      v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
      std::string debian = Trimmed("/etc/debian_version");
      return debian.empty() ? v : absl::StrCat(v, " (", debian, ")");
    }
  }
  return "unknown";
}

std::string Controllers(const std::string& mode) {
  std::vector<std::string> parts;
  if (mode != "v2") {
    // Enabled v1 controllers: /proc/cgroups rows "name hierarchy num enabled".
    std::vector<std::string> v1;
    absl::StatusOr<std::string> t = ReadFileToString("/proc/cgroups");
    if (t.ok()) {
      for (absl::string_view line : absl::StrSplit(*t, '\n')) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f =
            absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
        if (f.size() >= 4 && f[1] != "0" && f[3] == "1") v1.push_back(f[0]);
      }
    }
    parts.push_back(absl::StrCat("v1: ", v1.empty() ? "none" : absl::StrJoin(v1, " ")));
  }
  std::string v2_root = mode == "v2" ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
  if (mode != "v1") {
    std::string c = Trimmed(v2_root + "/cgroup.controllers");
    parts.push_back(absl::StrCat("v2 (", v2_root, "): ", c.empty() ? "none" : c));
  }
  return absl::StrJoin(parts, "; ");
}

// A child tries getpid through int 0x80; a kernel without IA32 emulation
// kills it or returns an error.
std::string ProbeAbi32() {
#if defined(__x86_64__)
  pid_t pid = fork();
  if (pid < 0) return "unknown (fork failed)";
  if (pid == 0) {
    long rax = 20;  // __NR_getpid on i386
    asm volatile("int $0x80" : "+a"(rax) : : "memory", "r8", "r9", "r10", "r11");
    _exit(rax == getpid() ? 0 : 1);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return "unknown (waitpid failed)";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "usable (int 0x80 getpid works)";
  if (WIFSIGNALED(status))
    return absl::StrCat("not usable (int 0x80 killed by signal ", WTERMSIG(status), ")");
  return "not usable (int 0x80 getpid failed)";
#else
  return "not applicable (not x86_64)";
#endif
}

std::string Lsms() {
  std::string lsm = Trimmed("/sys/kernel/security/lsm");
  if (!lsm.empty()) return lsm;
  std::vector<std::string> seen;
  if (PathExists("/sys/kernel/security/apparmor")) seen.push_back("apparmor");
  if (PathExists("/sys/fs/selinux/enforce")) seen.push_back("selinux");
  if (seen.empty()) return "none seen (no /sys/kernel/security/lsm, no AppArmor or SELinux)";
  return absl::StrJoin(seen, ",");
}

std::string UserNamespaces() {
  std::string max = Trimmed("/proc/sys/user/max_user_namespaces");
  if (max.empty()) return "unknown (no /proc/sys/user/max_user_namespaces)";
  if (max == "0") return "disabled (max_user_namespaces 0)";
  std::string s = absl::StrCat("enabled (max_user_namespaces ", max);
  std::string unpriv = Trimmed("/proc/sys/kernel/unprivileged_userns_clone");
  if (!unpriv.empty()) absl::StrAppend(&s, ", unprivileged_userns_clone ", unpriv);
  return s + ")";
}

}  // namespace

std::string CgroupMode(const std::string& root) {
  struct statfs fs;
  if (statfs(root.c_str(), &fs) != 0) return "none (" + root + " not mounted)";
  if (fs.f_type == CGROUP2_SUPER_MAGIC) return "v2";
  struct statfs unified;
  if (statfs((root + "/unified").c_str(), &unified) == 0 && unified.f_type == CGROUP2_SUPER_MAGIC) {
    return "hybrid";
  }
  return "v1";
}

std::string Abi32Syscalls() {
  // The host's answer does not change during a run.
  static const std::string* const abi = new std::string(ProbeAbi32());
  return *abi;
}

std::vector<std::pair<std::string, std::string>> CollectHostInfo() {
  std::vector<std::pair<std::string, std::string>> out;
  struct utsname u;
  if (uname(&u) == 0) {
    out.push_back(
        {"kernel", absl::StrCat(u.sysname, " ", u.release, " ", u.version, " ", u.machine)});
  } else {
    out.push_back({"kernel", "unknown"});
  }
  out.push_back({"distribution", Distribution()});
  std::string mode = CgroupMode("/sys/fs/cgroup");
  out.push_back({"cgroup mode", mode});
  out.push_back({"cgroup controllers", Controllers(mode)});
  out.push_back({"32-bit ABI", Abi32Syscalls()});
  out.push_back({"LSMs", Lsms()});
  out.push_back({"user namespaces", UserNamespaces()});
  out.push_back({"CPUs", absl::StrCat(sysconf(_SC_NPROCESSORS_ONLN))});
  return out;
}

std::string SuiteRevision() {
  // Stamped at build time; the tree's state at run time only as a fallback.
  if (CONFORM_SUITE_REVISION[0] != '\0') {
    return absl::StrCat(CONFORM_SUITE_REVISION, " (built from)");
  }
  const char* ws = getenv("BUILD_WORKSPACE_DIRECTORY");
  std::vector<std::string> dirs;
  if (ws != nullptr && *ws != '\0') dirs.push_back(ws);
  char cwd[4096];
  if (getcwd(cwd, sizeof(cwd)) != nullptr) dirs.push_back(cwd);
  for (const std::string& d : dirs) {
    for (const char* git : {"/usr/bin/git", "/bin/git"}) {
      if (!PathExists(git)) continue;
      absl::StatusOr<Captured> c =
          RunCaptured({git, "-C", d, "describe", "--always", "--dirty", "--tags"},
                      absl::Now() + absl::Seconds(10));
      if (c.ok() && c->exit.code == 0) {
        std::string rev(absl::StripAsciiWhitespace(c->out));
        if (!rev.empty()) return absl::StrCat(rev, " (", d, ")");
      }
    }
  }
  return "unknown (not run from a git checkout)";
}

std::string UtcNow() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

}  // namespace nsinit::conformance

#include "runtime/cgroups/ownership.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"
#include "runtime/base/unique_fd.h"
#include "runtime/cgroups/files.h"

namespace nsinit::cgroups {
namespace {

bool HasNamespace(const config::Spec& spec, config::NamespaceType type) {
  return std::any_of(spec.linux.namespaces.begin(), spec.linux.namespaces.end(),
                     [type](const config::Namespace& n) { return n.type == type; });
}

// The last mount on /sys/fs/cgroup wins, as it does in the container.
const config::Mount* CgroupMount(const config::Spec& spec) {
  const config::Mount* found = nullptr;
  for (const config::Mount& m : spec.mounts) {
    if (absl::StripSuffix(m.destination, "/") == "/sys/fs/cgroup") found = &m;
  }
  return found;
}

}  // namespace

std::optional<uid_t> CgroupOwner(const config::Spec& spec, CgroupMode mode) {
  if (mode != CgroupMode::kUnified) return std::nullopt;
  if (!HasNamespace(spec, config::NamespaceType::kUser) ||
      !HasNamespace(spec, config::NamespaceType::kCgroup)) {
    return std::nullopt;
  }
  const config::Mount* m = CgroupMount(spec);
  if (m == nullptr) return std::nullopt;
  bool read_only = false;
  for (const std::string& o : m->options) {
    if (o == "ro") read_only = true;
    if (o == "rw") read_only = false;
  }
  if (read_only) return std::nullopt;
  uint32_t uid = spec.process ? spec.process->user.uid : 0;
  for (const config::IdMapping& map : spec.linux.uid_mappings) {
    if (uid >= map.container_id && uid - map.container_id < map.size) {
      return static_cast<uid_t>(map.host_id + (uid - map.container_id));
    }
  }
  return std::nullopt;
}

std::vector<std::string> DelegatedFiles(const std::string& delegate_text) {
  std::vector<std::string> out;
  for (absl::string_view line : absl::StrSplit(delegate_text, '\n', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(line));
  }
  if (out.empty()) out = {"cgroup.procs", "cgroup.subtree_control", "cgroup.threads"};
  return out;
}

absl::Status ChownCgroup(const std::string& dir, uid_t uid, const std::string& delegate_path) {
  absl::StatusOr<std::string> delegate = ReadFile(delegate_path, kMaxKernelFileBytes);
  // An old kernel has no delegate file: the spec's three names serve.
  std::vector<std::string> files = DelegatedFiles(delegate.ok() ? *delegate : "");
  UniqueFd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return LastErrnoStatus(absl::StrCat("open ", dir));
  if (fchown(fd.get(), uid, static_cast<gid_t>(-1)) != 0) {
    return LastErrnoStatus(absl::StrCat("fchown ", dir, " to uid ", uid));
  }
  for (const std::string& f : files) {
    if (fchownat(fd.get(), f.c_str(), uid, static_cast<gid_t>(-1), AT_SYMLINK_NOFOLLOW) != 0 &&
        errno != ENOENT) {
      return LastErrnoStatus(absl::StrCat("fchownat ", dir, "/", f, " to uid ", uid));
    }
  }
  return absl::OkStatus();
}

}  // namespace nsinit::cgroups

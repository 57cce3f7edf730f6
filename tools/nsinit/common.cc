#include "tools/nsinit/common.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/config/oci_config.h"

namespace nsinit::cli {

std::string BundlePath(const Parsed& p) {
  std::string bundle = p.Get("bundle", ".");
  char resolved[PATH_MAX];
  if (realpath(bundle.c_str(), resolved) != nullptr) return resolved;
  return bundle;
}

absl::StatusOr<config::Spec> LoadBundle(const std::string& bundle) {
  std::vector<std::string> warnings;
  absl::StatusOr<config::Spec> spec = config::LoadOciBundle(bundle, &warnings);
  for (const std::string& w : warnings) fprintf(stderr, "nsinit: warning: %s\n", w.c_str());
  return spec;
}

CreateOptions MakeCreateOptions(const Globals& g, const Parsed& p, const std::string& bundle) {
  CreateOptions o;
  o.root = g.root;
  o.id = p.operands.empty() ? "" : p.operands[0];
  o.bundle = bundle;
  o.no_pivot = p.Has("no-pivot");
  return o;
}

absl::Status WritePidFile(const Parsed& p, pid_t pid) {
  std::string path = p.Get("pid-file");
  if (path.empty()) return absl::OkStatus();
  std::string tmp = path + ".tmp";
  FILE* f = fopen(tmp.c_str(), "we");
  if (f == nullptr) return LastErrnoStatus(absl::StrCat("open ", tmp));
  fprintf(f, "%d", pid);
  if (fclose(f) != 0) return LastErrnoStatus(absl::StrCat("write ", tmp));
  if (rename(tmp.c_str(), path.c_str()) != 0) return LastErrnoStatus(absl::StrCat("rename to ", path));
  return absl::OkStatus();
}

std::vector<FlagSpec> CreateFlags() {
  return {
      {"bundle", "b", true, "path to the bundle directory (default: the current directory)"},
      {"pid-file", "", true, "write the init's pid to this file"},
      {"console-socket", "", true, "unix socket that receives the pty master (terminal)"},
      {"no-pivot", "", false, "use MS_MOVE + chroot instead of pivot_root"},
      {"no-new-keyring", "", false, "accepted for runc compatibility"},
      {"preserve-fds", "", true, "accepted for runc compatibility (0 only)"},
  };
}

}  // namespace nsinit::cli

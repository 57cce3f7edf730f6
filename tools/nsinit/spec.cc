// nsinit spec: write a default config.json in the bundle directory.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/config/oci_config.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Spec(const Globals&, const Parsed& p) {
  if (absl::Status s = WantOperands(p, "spec", 0, 0); !s.ok()) return Fail(s);
  // crun's --file names the file itself.
  std::string path = p.Has("file") ? p.Get("file") : p.Get("bundle", ".") + "/config.json";
  std::string json = config::ToOciJson(config::DefaultSpec(p.Has("rootless")));
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(LastErrnoStatus(absl::StrCat("spec: create ", path)));
  bool ok = write(fd, json.data(), json.size()) == static_cast<ssize_t>(json.size());
  close(fd);
  if (!ok) return Fail(LastErrnoStatus(absl::StrCat("spec: write ", path)));
  return 0;
}

}  // namespace

constexpr FlagSpec kSpecFlags[] = {
    {"bundle", "b", true, "directory to write config.json in"},
    {"rootless", "", false, "a config for a non-root user (user namespace)"},
    {"file", "f", true, "crun's: write to this file instead"}};

const Verb kSpec = {"spec", "spec [--rootless] [--bundle DIR]",
                    "Write a default config.json (like `runc spec`) into the bundle directory.",
                    kSpecFlags, Spec};

}  // namespace nsinit::cli

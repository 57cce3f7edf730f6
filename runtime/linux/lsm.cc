#include "runtime/linux/lsm.h"

#include <sys/statfs.h>

#include <string>

#include "absl/strings/ascii.h"
#include "runtime/base/file_io.h"

namespace nsinit::sys {

bool AppArmorEnabled() {
  // "Y\n" or "N\n"; an absent file (no AppArmor built in) means disabled.
  absl::StatusOr<std::string> value = ReadFile("/sys/module/apparmor/parameters/enabled", 64);
  return value.ok() && absl::StripAsciiWhitespace(*value) == "Y";
}

bool SelinuxEnabled() {
  constexpr long kSelinuxMagic = 0xf97cff8c;  // SELINUX_MAGIC
  struct statfs fs;
  return statfs("/sys/fs/selinux", &fs) == 0 && fs.f_type == kSelinuxMagic;
}

}  // namespace nsinit::sys

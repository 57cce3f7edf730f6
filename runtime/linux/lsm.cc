#include "runtime/linux/lsm.h"

#include <sys/statfs.h>

#include <fstream>
#include <string>

namespace nsinit::sys {

bool AppArmorEnabled() {
  std::ifstream in("/sys/module/apparmor/parameters/enabled");
  std::string value;
  in >> value;
  return value == "Y";
}

bool SelinuxEnabled() {
  constexpr long kSelinuxMagic = 0xf97cff8c;  // SELINUX_MAGIC
  struct statfs fs;
  return statfs("/sys/fs/selinux", &fs) == 0 && fs.f_type == kSelinuxMagic;
}

}  // namespace nsinit::sys

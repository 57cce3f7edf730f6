#include "runtime/linux/lsm.h"

#include <fstream>
#include <string>

namespace nsinit::sys {

bool AppArmorEnabled() {
  std::ifstream in("/sys/module/apparmor/parameters/enabled");
  std::string value;
  in >> value;
  return value == "Y";
}

}  // namespace nsinit::sys

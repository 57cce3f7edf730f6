#include "runtime/config/v1_import.h"

namespace nsinit::config {

absl::StatusOr<Spec> ImportV1Config(absl::string_view, absl::string_view,
                                    const std::vector<std::string>&,
                                    std::vector<std::string>*) {
  return absl::UnimplementedError("v1 import");
}

}  // namespace nsinit::config

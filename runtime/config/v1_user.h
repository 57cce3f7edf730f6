// The "user" field of a v1 container.json: "", "1000", "1000:1000", a name
// ("daemon") or "name:group". Names are looked up in the rootfs's
// /etc/passwd and /etc/group, as v1 did inside the container. When the
// rootfs has no entry (an empty test rootfs, a rootfs not yet unpacked) the
// fixed ids of Debian's base-passwd are used with a warning, so a name never
// silently becomes root.
#ifndef NSINIT_RUNTIME_CONFIG_V1_USER_H_
#define NSINIT_RUNTIME_CONFIG_V1_USER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::config {

struct V1User {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string home;  // empty when unknown
};

// `path` is the JSON path for messages ("user").
absl::StatusOr<V1User> ResolveV1User(absl::string_view user, absl::string_view rootfs_dir,
                                     absl::string_view path, std::vector<std::string>* warnings);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_V1_USER_H_

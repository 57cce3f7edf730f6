// The account files of a container's rootfs, /etc/passwd and /etc/group:
// the v1 "user" field names a user and group there, and a process with no
// HOME in its environment gets its user's home directory from there.
//
// Read through the in-root layer: a hostile image's file (a link to the
// host's, a FIFO, a device, a huge file) reads as no entry at all.
#ifndef NSINIT_RUNTIME_CONFIG_ROOTFS_ACCOUNTS_H_
#define NSINIT_RUNTIME_CONFIG_ROOTFS_ACCOUNTS_H_

#include <stdint.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace nsinit::config {

// One line of passwd(5) ("name:x:uid:gid:gecos:home:shell") or group(5)
// ("name:x:gid:members"): the id is the third field.
struct AccountEntry {
  std::string name;
  uint32_t id = 0;
  std::optional<uint32_t> gid;  // passwd: the primary group
  std::string home;             // passwd: "" when the line has none
};

// The first entry of `file` (a path inside `rootfs`, e.g. "/etc/passwd")
// named `name` / with id `id`. Lines whose id is not a number are skipped.
std::optional<AccountEntry> FindAccountByName(absl::string_view rootfs, absl::string_view file,
                                              absl::string_view name);
std::optional<AccountEntry> FindAccountById(absl::string_view rootfs, absl::string_view file,
                                            uint32_t id);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_ROOTFS_ACCOUNTS_H_

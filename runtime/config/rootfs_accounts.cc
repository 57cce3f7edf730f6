#include "runtime/config/rootfs_accounts.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "runtime/linux/in_root.h"

namespace nsinit::config {
namespace {

// One line as an entry; nullopt for a line without a numeric id. Split in
// place, not through a stream: the CLI reads passwd on every start, and a
// stream's locale code would cost it pages.
std::optional<AccountEntry> ParseLine(absl::string_view line) {
  std::vector<absl::string_view> f = absl::StrSplit(line, ':');
  if (f.size() < 3) return std::nullopt;
  AccountEntry e;
  if (!absl::SimpleAtoi(f[2], &e.id)) return std::nullopt;
  e.name = std::string(f[0]);
  if (f.size() >= 6) {
    uint32_t gid = 0;
    if (absl::SimpleAtoi(f[3], &gid)) e.gid = gid;
    e.home = std::string(f[5]);
  }
  return e;
}

template <typename Match>
std::optional<AccountEntry> Find(absl::string_view rootfs, absl::string_view file, Match match) {
  absl::StatusOr<std::string> text = sys::ReadFileInRoot(rootfs, file);
  if (!text.ok()) return std::nullopt;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    std::optional<AccountEntry> e = ParseLine(line);
    if (e.has_value() && match(*e)) return e;
  }
  return std::nullopt;
}

}  // namespace

std::optional<AccountEntry> FindAccountByName(absl::string_view rootfs, absl::string_view file,
                                              absl::string_view name) {
  return Find(rootfs, file, [name](const AccountEntry& e) { return e.name == name; });
}

std::optional<AccountEntry> FindAccountById(absl::string_view rootfs, absl::string_view file,
                                            uint32_t id) {
  return Find(rootfs, file, [id](const AccountEntry& e) { return e.id == id; });
}

}  // namespace nsinit::config

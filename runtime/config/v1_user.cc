#include "runtime/config/v1_user.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "runtime/config/rootfs_accounts.h"

namespace nsinit::config {
namespace {

// Debian base-passwd's fixed users (uid = gid for each) and groups.
std::optional<AccountEntry> BasePasswd(absl::string_view name) {
  static constexpr std::pair<absl::string_view, uint32_t> kIds[] = {
      {"root", 0},   {"daemon", 1},     {"bin", 2},         {"sys", 3},     {"sync", 4},
      {"games", 5},  {"man", 6},        {"lp", 7},          {"mail", 8},    {"news", 9},
      {"uucp", 10},  {"proxy", 13},     {"www-data", 33},   {"backup", 34}, {"list", 38},
      {"irc", 39},   {"nobody", 65534}, {"nogroup", 65534}, {"tty", 5},     {"disk", 6},
      {"staff", 50}, {"users", 100}};
  for (const auto& [n, id] : kIds) {
    if (n == name) return AccountEntry{.name = std::string(n), .id = id, .gid = id};
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<V1User> ResolveV1User(absl::string_view user, absl::string_view rootfs_dir,
                                     absl::string_view path, std::vector<std::string>* warnings) {
  V1User result;
  if (user.empty()) return result;  // v1 default: root
  std::pair<std::string, std::string> parts = absl::StrSplit(user, ':');
  auto warn = [&](std::string message) {
    if (warnings != nullptr) warnings->push_back(std::move(message));
  };
  auto fail = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", why, " in user \"", user, "\""));
  };
  std::string passwd = absl::StrCat(rootfs_dir, "/etc/passwd");
  std::string group = absl::StrCat(rootfs_dir, "/etc/group");

  if (absl::SimpleAtoi(parts.first, &result.uid)) {
    result.gid = result.uid;  // v1: a bare uid also names the primary group
  } else {
    std::optional<AccountEntry> e = FindAccountByName(rootfs_dir, "/etc/passwd", parts.first);
    if (!e.has_value()) {
      e = BasePasswd(parts.first);
      if (!e.has_value()) return fail(absl::StrCat("unknown user name \"", parts.first, "\""));
      warn(absl::StrCat(path, ": no \"", parts.first, "\" in ", passwd,
                        ", using Debian's fixed uid ", e->id));
    }
    result.uid = e->id;
    result.gid = e->gid.value_or(e->id);  // a line without a group: as a bare uid
    result.home = e->home;
  }
  if (!parts.second.empty()) {
    if (!absl::SimpleAtoi(parts.second, &result.gid)) {
      std::optional<AccountEntry> g = FindAccountByName(rootfs_dir, "/etc/group", parts.second);
      if (!g.has_value()) {
        g = BasePasswd(parts.second);
        if (!g.has_value()) return fail(absl::StrCat("unknown group name \"", parts.second, "\""));
        warn(absl::StrCat(path, ": no \"", parts.second, "\" in ", group,
                          ", using Debian's fixed gid ", g->id));
      }
      result.gid = g->id;
    }
  }
  return result;
}

}  // namespace nsinit::config

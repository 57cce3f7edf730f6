#include "runtime/linux/mountinfo.h"

#include <algorithm>
#include <cstdlib>

namespace nsinit::sys {
namespace {

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' &&
        IsOctal(s[i + 2]) && IsOctal(s[i + 3])) {
      out.push_back(
          static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The pieces of `s` between `sep`s, empty ones kept.
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::vector<std::string> List(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view item : Split(s, ',')) {
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

// The filesystem type of a mountinfo line: the field after the first " - "
// (paths escape their spaces, so none holds the separator); "" if none.
std::string_view FsType(std::string_view line) {
  size_t sep = line.find(" - ");
  if (sep == std::string_view::npos) return "";
  std::string_view rest = line.substr(sep + 3);
  return rest.substr(0, rest.find(' '));
}

}  // namespace

std::vector<MountInfo> ParseMountInfo(std::string_view text,
                                      std::initializer_list<std::string_view> fs_types) {
  std::vector<MountInfo> mounts;
  for (std::string_view line : Split(text, '\n')) {
    if (line.empty()) continue;
    if (fs_types.size() > 0 &&
        std::find(fs_types.begin(), fs_types.end(), FsType(line)) == fs_types.end()) {
      continue;
    }
    // Empty fields are kept: a mount's source may be empty.
    std::vector<std::string_view> f = Split(line, ' ');
    auto dash = std::find(f.begin() + std::min<size_t>(f.size(), 6), f.end(), "-");
    if (dash == f.end() || f.end() - dash < 3) continue;
    MountInfo m;
    m.mount_id = atoi(std::string(f[0]).c_str());
    m.parent_id = atoi(std::string(f[1]).c_str());
    m.major_minor = std::string(f[2]);
    m.root = Unescape(f[3]);
    m.mount_point = Unescape(f[4]);
    m.options = List(f[5]);
    for (auto it = f.begin() + 6; it != dash; ++it) m.propagation.emplace_back(*it);
    if (m.propagation.empty()) m.propagation.push_back("private");
    m.fs_type = std::string(dash[1]);
    m.source = Unescape(dash[2]);
    if (f.end() - dash > 3) m.super_options = List(dash[3]);
    mounts.push_back(std::move(m));
  }
  return mounts;
}

}  // namespace nsinit::sys

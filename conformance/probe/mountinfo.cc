#include "conformance/probe/mountinfo.h"

namespace nsinit::probe {

namespace {

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::vector<std::string> CommaList(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    if (comma > start) out.push_back(UnescapeMountField(s.substr(start, comma - start)));
    start = comma + 1;
  }
  return out;
}

bool ToInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string UnescapeMountField(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() + 1) {
      std::string_view oct = field.substr(i + 1, 3);
      bool ok = oct.size() == 3;
      int v = 0;
      for (char c : oct) {
        ok = ok && c >= '0' && c <= '7';
        v = v * 8 + (c - '0');
      }
      if (ok) {
        out.push_back(static_cast<char>(v));
        i += 3;
        continue;
      }
    }
    out.push_back(field[i]);
  }
  return out;
}

std::vector<MountInfo> ParseMountInfo(std::string_view text) {
  std::vector<MountInfo> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    // id parent major:minor root mount_point options [optional...] - type source super
    std::vector<std::string_view> f = Fields(line);
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (f.size() < 6 || dash + 2 >= f.size()) continue;  // needs "-", type and source
    MountInfo m;
    if (!ToInt(f[0], &m.mount_id) || !ToInt(f[1], &m.parent_id)) continue;
    m.major_minor = std::string(f[2]);
    m.root = UnescapeMountField(f[3]);
    m.mount_point = UnescapeMountField(f[4]);
    m.options = CommaList(f[5]);
    for (size_t i = 6; i < dash; ++i) m.propagation.push_back(std::string(f[i]));
    if (m.propagation.empty()) m.propagation.push_back("private");
    m.fs_type = UnescapeMountField(f[dash + 1]);
    m.source = UnescapeMountField(f[dash + 2]);
    if (dash + 3 < f.size()) m.super_options = CommaList(f[dash + 3]);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace nsinit::probe

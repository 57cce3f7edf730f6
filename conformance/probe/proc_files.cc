#include "conformance/probe/proc_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace nsinit::probe {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' &&
        s[i + 1] <= '7' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
        s[i + 3] >= '0' && s[i + 3] <= '7') {
      out.push_back(static_cast<char>((s[i + 1] - '0') * 64 +
                                      (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Like Split but keeps empty fields: mountinfo's source may be empty.
std::vector<std::string> Fields(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) {
      out.emplace_back(s.substr(pos));
      return out;
    }
    out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
}

}  // namespace

int ReadFileInto(const std::string& path, size_t max_bytes, std::string* out) {
  out->clear();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return errno;
  int err = 0;
  char buf[4096];
  while (out->size() < max_bytes) {
    size_t want = std::min(sizeof(buf), max_bytes - out->size());
    ssize_t n = read(fd, buf, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = errno;
      break;
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return err;
}

std::string ProcStatusField(std::string_view status_text,
                            std::string_view key) {
  size_t pos = 0;
  while (pos < status_text.size()) {
    size_t eol = status_text.find('\n', pos);
    if (eol == std::string_view::npos) eol = status_text.size();
    std::string_view line = status_text.substr(pos, eol - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key &&
        line[key.size()] == ':') {
      std::string_view value = line.substr(key.size() + 1);
      while (!value.empty() && (value.front() == '\t' || value.front() == ' '))
        value.remove_prefix(1);
      return TrimRight(value);
    }
    pos = eol + 1;
  }
  return "";
}

std::string TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
    s.remove_suffix(1);
  return std::string(s);
}

int ReadLink(const std::string& path, std::string* out) {
  char buf[PATH_MAX + 1];
  ssize_t n = readlink(path.c_str(), buf, PATH_MAX);
  if (n < 0) return errno;
  out->assign(buf, static_cast<size_t>(n));
  return 0;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(sep, pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::vector<MountInfo> ParseMountInfo(std::string_view text) {
  std::vector<MountInfo> mounts;
  for (const std::string& line : Split(text, '\n')) {
    std::vector<std::string> f = Fields(line);
    // id parent maj:min root mount_point options [optional...] - type
    // source super_options
    size_t dash = 0;
    for (size_t i = 6; i < f.size(); ++i) {
      if (f[i] == "-") {
        dash = i;
        break;
      }
    }
    if (dash == 0 || dash + 3 > f.size()) continue;
    MountInfo m;
    m.mount_id = atoi(f[0].c_str());
    m.parent_id = atoi(f[1].c_str());
    m.major_minor = f[2];
    m.root = Unescape(f[3]);
    m.mount_point = Unescape(f[4]);
    m.options = Split(f[5], ',');
    for (size_t i = 6; i < dash; ++i) m.propagation.push_back(f[i]);
    if (m.propagation.empty()) m.propagation.push_back("private");
    m.fs_type = f[dash + 1];
    m.source = Unescape(f[dash + 2]);
    if (dash + 3 < f.size()) m.super_options = Split(f[dash + 3], ',');
    mounts.push_back(std::move(m));
  }
  return mounts;
}

}  // namespace nsinit::probe

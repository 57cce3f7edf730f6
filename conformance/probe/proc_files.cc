#include "conformance/probe/proc_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace nsinit::probe {

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

std::string ProcStatusField(std::string_view status_text, std::string_view key) {
  size_t pos = 0;
  while (pos < status_text.size()) {
    size_t eol = status_text.find('\n', pos);
    if (eol == std::string_view::npos) eol = status_text.size();
    std::string_view line = status_text.substr(pos, eol - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
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
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
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

}  // namespace nsinit::probe

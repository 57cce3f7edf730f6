#include "runtime/config/testdata.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"

namespace nsinit::config {

std::string RunfilesPath(absl::string_view workspace_relative) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  return absl::StrCat(srcdir != nullptr ? srcdir : ".", "/",
                      workspace != nullptr ? workspace : "nsinit", "/", workspace_relative);
}

absl::StatusOr<std::string> ReadFileToString(absl::string_view path) {
  std::ifstream in(std::string(path), std::ios::binary);
  if (!in) return ErrnoStatus(errno, absl::StrCat("open ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::vector<std::string>> ListFiles(absl::string_view dir,
                                                   absl::string_view suffix) {
  std::string d(dir);
  DIR* handle = opendir(d.c_str());
  if (handle == nullptr) return ErrnoStatus(errno, absl::StrCat("opendir ", dir));
  std::vector<std::string> files;
  while (dirent* entry = readdir(handle)) {
    absl::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (absl::EndsWith(name, suffix)) files.push_back(absl::StrCat(dir, "/", name));
  }
  closedir(handle);
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace nsinit::config

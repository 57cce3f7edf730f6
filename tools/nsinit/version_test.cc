#include "tools/nsinit/version.h"

#include <regex.h>

#include <string>

#include "gtest/gtest.h"

namespace nsinit::cli {
namespace {

bool Matches(const std::string& text, const char* ere) {
  regex_t re;
  if (regcomp(&re, ere, REG_EXTENDED | REG_NEWLINE | REG_NOSUB) != 0) return false;
  bool m = regexec(&re, text.c_str(), 0, nullptr, 0) == 0;
  regfree(&re);
  return m;
}

// Issue 19: what runc's --version says (version, commit, spec, libseccomp),
// and libcap.
TEST(VersionTest, StatesVersionCommitSpecAndLinkedLibraries) {
  std::string v = VersionText();
  EXPECT_TRUE(Matches(v, "^nsinit version [0-9]+\\.[0-9]+\\.[0-9]+$")) << v;
  EXPECT_TRUE(Matches(v, "^commit: [^ ]+$")) << v;
  EXPECT_TRUE(Matches(v, "^spec: 1\\.[0-9]+\\.[0-9]+$")) << v;
  EXPECT_TRUE(Matches(v, "^libseccomp: [0-9]+\\.[0-9]+\\.[0-9]+$")) << v;
  EXPECT_TRUE(Matches(v, "^libcap: [0-9]+\\.[0-9]+")) << v;
}

}  // namespace
}  // namespace nsinit::cli

// conform's command line as a new user meets it (issue 19): --help answers,
// every flag it lists is documented in conformance/README.md, and a path
// that is not a runtime is refused in one line before anything runs.

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "conformance/file_util.h"
#include "conformance/runner.h"
#include "conformance/subprocess.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

Captured Conform(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {Runfile("", "conformance/conform")};
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<Captured> c = RunCaptured(argv, absl::Now() + absl::Seconds(60));
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *c : Captured{};
}

TEST(ConformMainTest, HelpListsFlagsThatTheReadmeDocuments) {
  for (const char* help : {"--help", "-h"}) {
    Captured c = Conform({help});
    EXPECT_EQ(c.exit.code, 0) << help << c.err;
    EXPECT_TRUE(absl::StrContains(c.out, "usage: conform")) << c.out;
  }
  absl::StatusOr<std::string> readme = ReadFileToString(Runfile("", "conformance/README.md"));
  ASSERT_TRUE(readme.ok()) << readme.status();
  std::string help = Conform({"--help"}).out;
  std::set<std::string> flags;
  for (absl::string_view word :
       absl::StrSplit(help, absl::ByAnyChar(" \n[]|,'"), absl::SkipEmpty())) {
    if (!absl::StartsWith(word, "--")) continue;
    word = word.substr(0, word.find('='));
    flags.insert(std::string(word));
  }
  for (const char* f : {"--runtime", "--name", "--adapter", "--report", "--filter", "--strict",
                        "--no-retry", "--quiet", "--compare", "--help"}) {
    EXPECT_TRUE(flags.count(f)) << f << " not in --help";
  }
  for (const std::string& f : flags) {
    EXPECT_TRUE(absl::StrContains(*readme, "`" + f)) << f << " is not documented in README.md";
  }
}

TEST(ConformMainTest, RefusesWhatIsNotARuntimeBeforeRunningAnything) {
  for (const char* bad : {"/nonexistent/runc", "/tmp", "/bin/true"}) {
    Captured c = Conform({std::string("--runtime=") + bad});
    EXPECT_EQ(c.exit.code, 2) << bad << ": " << c.err;
    EXPECT_TRUE(absl::StrContains(c.err, std::string("refusing runtime ") + bad)) << c.err;
    EXPECT_FALSE(absl::StrContains(c.err, "[1/")) << "a case ran: " << c.err;
    EXPECT_EQ(std::count(c.err.begin(), c.err.end(), '\n'), 1) << c.err;
  }
}

TEST(ConformMainTest, UnknownFlagIsAUsageError) {
  Captured c = Conform({"--frobnicate"});
  EXPECT_EQ(c.exit.code, 2);
  EXPECT_TRUE(absl::StrContains(c.err, "unknown argument --frobnicate")) << c.err;
}

}  // namespace
}  // namespace nsinit::conformance

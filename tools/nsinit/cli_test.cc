#include "tools/nsinit/cli.h"

#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/base/file_io.h"
#include "tools/nsinit/common.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::cli {
namespace {

int Noop(const Globals&, const Parsed&) { return 0; }

constexpr FlagSpec kTestFlags[] = {{"env", "e", true, "", true}, {"detach", "d", false, ""}};
const Verb kTest = {"exec", "exec ID CMD", "test", kTestFlags, Noop, true};

TEST(CliTest, ShortLongAndEqualsForms) {
  absl::StatusOr<Parsed> p = ParseFlags(kTest, {"-d", "--env", "A=1", "-e=B=2", "id", "sh"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->Has("detach"));
  EXPECT_EQ(p->All("env"), (std::vector<std::string>{"A=1", "B=2"}));
  EXPECT_EQ(p->operands, (std::vector<std::string>{"id", "sh"}));
}

TEST(CliTest, StopsAtTheFirstOperandForExec) {
  absl::StatusOr<Parsed> p = ParseFlags(kTest, {"id", "sh", "-c", "echo -d"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->operands, (std::vector<std::string>{"id", "sh", "-c", "echo -d"}));
  EXPECT_FALSE(p->Has("detach"));
}

TEST(CliTest, UnknownFlagIsNamed) {
  absl::StatusOr<Parsed> p = ParseFlags(kTest, {"--bogus", "id"});
  EXPECT_EQ(p.status().message(), "exec: unknown flag --bogus (see nsinit exec --help)");
}

TEST(CliTest, HelpListsEveryFlag) {
  std::string help = VerbHelp(kTest);
  EXPECT_NE(help.find("--env"), std::string::npos);
  EXPECT_NE(help.find("-d, --detach"), std::string::npos);
  EXPECT_NE(help.find("--help"), std::string::npos);
}

TEST(SystemdCgroupsPathTest, SliceNestingAndScopeNames) {
  EXPECT_EQ(*SystemdCgroupsPath("system.slice:docker:abc", "x"), "/system.slice/docker-abc.scope");
  EXPECT_EQ(*SystemdCgroupsPath("a-b.slice:p:n", "x"), "/a.slice/a-b.slice/p-n.scope");
  EXPECT_EQ(*SystemdCgroupsPath("", "x"), "/system.slice/nsinit-x.scope");
  EXPECT_EQ(*SystemdCgroupsPath("-.slice:p:n", "x"), "/p-n.scope");
  EXPECT_EQ(*SystemdCgroupsPath("user.slice::child.slice", "x"), "/user.slice/child.slice");
  EXPECT_FALSE(SystemdCgroupsPath("/plain/path", "x").ok());
  EXPECT_FALSE(SystemdCgroupsPath("notaslice:p:n", "x").ok());
}

// A size whose bytes overflow int64 is refused, not wrapped (signed
// overflow, found by //tools/nsinit/fuzz:cli_fuzzer under UBSan).
TEST(ParseByteSizeTest, SizesThatOverflowAreRefused) {
  EXPECT_EQ(*ParseByteSize("memory", "128m"), int64_t{128} << 20);
  EXPECT_EQ(*ParseByteSize("memory", "-1"), -1);
  EXPECT_EQ(*ParseByteSize("memory", "8589934591g"), int64_t{8589934591} << 30);
  absl::StatusOr<int64_t> big = ParseByteSize("memory", "99999999999999999k");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().message(),
            "--memory: expected a size like 512, 64k, 128m, 1g or -1, got \"99999999999999999k\"");
  EXPECT_FALSE(ParseByteSize("memory", "8589934592g").ok());
}

// The pid file is replaced whole, readable by a shim of another user, and a
// failure says which flag it was about. (Needs a writable $TEST_TMPDIR.)
TEST(PidFileTest, WritesThePidWithMode0644) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("pidfile");
  ASSERT_TRUE(dir.ok()) << dir.status();
  Parsed p;
  p.values["pid-file"] = {dir->Sub("init.pid")};
  ASSERT_TRUE(WritePidFile(p, 4242).ok());
  EXPECT_EQ(*ReadFile(dir->Sub("init.pid"), 100), "4242");
  struct stat st;
  ASSERT_EQ(stat(dir->Sub("init.pid").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  p.values["pid-file"] = {dir->Sub("no/init.pid")};
  absl::Status s = WritePidFile(p, 4242);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().substr(0, 22), "--pid-file: mkostemp /") << s;
}

TEST(LoadConfigFileTest, AMissingFileNamesTheFlagOpenAndThePath) {
  absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("config");
  ASSERT_TRUE(dir.ok()) << dir.status();
  absl::StatusOr<config::Spec> spec = LoadConfigFile(dir->path(), dir->Sub("none.json"));
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message(), absl::StrCat("--config: open ", dir->Sub("none.json"),
                                                  ": ENOENT: No such file or directory"));
}

}  // namespace
}  // namespace nsinit::cli

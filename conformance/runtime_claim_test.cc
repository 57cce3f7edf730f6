#include "conformance/runtime_claim.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "absl/strings/match.h"
#include "conformance/file_util.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

class RuntimeClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* t = getenv("TEST_TMPDIR");
    std::string base = t != nullptr ? t : "/tmp";
    char tmpl[4096];
    snprintf(tmpl, sizeof(tmpl), "%s/claim.XXXXXX", base.c_str());
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  // A shell script standing in for a runtime.
  std::string Script(const std::string& name, const std::string& body) {
    std::string p = dir_ + "/" + name;
    EXPECT_TRUE(WriteStringToFile(p, "#!/bin/sh\n" + body).ok());
    chmod(p.c_str(), 0755);
    return p;
  }
  std::string dir_;
};

TEST_F(RuntimeClaimTest, RefusesWhatIsNotAnExecutableRuntime) {
  for (const std::string& path : {std::string("/nonexistent/runc"), dir_}) {
    absl::StatusOr<RuntimeClaim> c = CheckRuntime(path, dir_);
    ASSERT_FALSE(c.ok()) << path;
    EXPECT_TRUE(absl::StrContains(c.status().message(), path)) << c.status();
  }
  std::string plain = dir_ + "/plain";
  ASSERT_TRUE(WriteStringToFile(plain, "x").ok());
  chmod(plain.c_str(), 0644);
  if (geteuid() != 0) {  // root may execute anything with an x bit only
    EXPECT_FALSE(CheckRuntime(plain, dir_).ok());
  }
  absl::StatusOr<RuntimeClaim> c = CheckRuntime(Script("noversion", "exit 3\n"), dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(absl::StrContains(c.status().message(), "--version exited 3")) << c.status();
  // /bin/true answers everything with success, state included.
  c = CheckRuntime(Script("true", "echo something; exit 0\n"), dir_);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(absl::StrContains(c.status().message(), "does not exist succeeded")) << c.status();
}

TEST_F(RuntimeClaimTest, AcceptsARuntimeAndReadsItsSpecVersion) {
  std::string rt = Script(
      "rt",
      "case \"$1\" in --version) printf 'rt version 1.1.5\\nspec: 1.0.2-dev\\n'; exit 0;; esac\n"
      "case \"$3\" in state) echo 'container does not exist' >&2; exit 1;; esac\n"
      "exit 1\n");
  absl::StatusOr<RuntimeClaim> c = CheckRuntime(rt, dir_);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->spec_version, "1.0.2-dev");
  EXPECT_EQ(c->spec_version_from, "--version");
  EXPECT_EQ(c->version_output, "rt version 1.1.5\nspec: 1.0.2-dev");

  std::string featured = Script(
      "featured",
      "case \"$1\" in --version) echo 'x 1'; exit 0;; "
      "features) echo '{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.2.1\"}'; exit 0;; esac\n"
      "exit 1\n");
  c = CheckRuntime(featured, dir_);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->spec_version, "1.2.1");
  EXPECT_EQ(c->spec_version_from, "features ociVersionMax");
}

TEST(SpecVersionTest, Parses) {
  EXPECT_EQ(SpecMinorVersion("1.0.2-dev"), 100);
  EXPECT_EQ(SpecMinorVersion("1.2.0"), 102);
  EXPECT_EQ(SpecMinorVersion("v1.3"), 103);
  EXPECT_EQ(SpecMinorVersion("one"), -1);
  EXPECT_EQ(SpecVersionFromVersionOutput("runc version 1.1.5\ncommit: x\nspec: 1.0.2-dev\n"),
            "1.0.2-dev");
  EXPECT_EQ(SpecVersionFromVersionOutput("crun version 1.8.1\nspec: 1.0.0\n+SYSTEMD"), "1.0.0");
  EXPECT_EQ(SpecVersionFromVersionOutput("nothing here"), "");
  EXPECT_EQ(SpecVersionFromFeatures("{\"ociVersionMax\":\"1.1.0\"}"), "1.1.0");
  EXPECT_EQ(SpecVersionFromFeatures("not json"), "");
}

}  // namespace
}  // namespace nsinit::conformance

// DefaultSpec against the real `runc spec` / `runc spec --rootless`: the
// parsed Specs must be equal except ociVersion (runc 1.1.5 writes
// "1.0.2-dev"; nsinit writes the spec version it implements).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/oci_config.h"
#include "runtime/config/testdata.h"

namespace nsinit::config {
namespace {

// The first runc found in the usual places (the test PATH may be minimal).
std::string FindRunc() {
  for (const char* dir :
       {"/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin", "/sbin"}) {
    std::string path = absl::StrCat(dir, "/runc");
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

// Runs `runc spec <flags>` in a fresh directory and parses its config.json.
absl::StatusOr<Spec> RuncSpec(const std::string& runc, absl::string_view flags) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string dir = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/runc_spec_XXXXXX");
  if (mkdtemp(dir.data()) == nullptr) return absl::InternalError("mkdtemp");
  std::string command = absl::StrCat("cd '", dir, "' && '", runc, "' spec ", flags);
  int rc = std::system(command.c_str());
  if (rc != 0) return absl::InternalError(absl::StrCat(command, ": exit ", rc));
  absl::StatusOr<std::string> text = ReadFileToString(absl::StrCat(dir, "/config.json"));
  if (!text.ok()) return text.status();
  return ParseOciConfigForKernel(*text, LastKnownCapability());
}

void ExpectSameAsRunc(bool rootless) {
  std::string runc = FindRunc();
  if (runc.empty()) GTEST_SKIP() << "needs runc installed to compare with `runc spec`";
  absl::StatusOr<Spec> theirs = RuncSpec(runc, rootless ? "--rootless" : "");
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  Spec ours = DefaultSpec(rootless);
  EXPECT_EQ(ours.oci_version, "1.2.0");
  theirs->oci_version = ours.oci_version;
  EXPECT_TRUE(ours == *theirs) << "ours:\n" << ToOciJson(ours) << "\nrunc:\n" << ToOciJson(*theirs);
}

TEST(DefaultSpecTest, MatchesRuncSpec) { ExpectSameAsRunc(false); }

TEST(DefaultSpecTest, RootlessMatchesRuncSpecRootless) { ExpectSameAsRunc(true); }

TEST(DefaultSpecTest, RootlessMapsTheCaller) {
  Spec spec = DefaultSpec(true);
  ASSERT_EQ(spec.linux.uid_mappings.size(), 1u);
  EXPECT_EQ(spec.linux.uid_mappings[0].host_id, geteuid());
  EXPECT_EQ(spec.linux.gid_mappings[0].host_id, getegid());
  EXPECT_EQ(spec.linux.uid_mappings[0].container_id, 0u);
  EXPECT_FALSE(spec.linux.resources.has_value());
}

TEST(DefaultSpecTest, IsValid) {
  for (bool rootless : {false, true}) {
    absl::StatusOr<Spec> spec = ParseOciConfig(ToOciJson(DefaultSpec(rootless)));
    EXPECT_TRUE(spec.ok()) << spec.status();
  }
}

}  // namespace
}  // namespace nsinit::config

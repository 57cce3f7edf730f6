// ToOciJson round-trips through ParseOciConfig to an equal Spec.
#include <sys/resource.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/oci_config.h"
#include "runtime/config/testdata.h"

namespace nsinit::config {
namespace {

void ExpectRoundTrip(const Spec& spec) {
  std::string json = ToOciJson(spec);
  absl::StatusOr<Spec> again = ParseOciConfigForKernel(json, LastKnownCapability());
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << json;
  EXPECT_TRUE(*again == spec) << json;
  // Writing is deterministic: a second trip gives the same text.
  EXPECT_EQ(ToOciJson(*again), json);
}

TEST(OciWriterTest, SchemaExamplesRoundTrip) {
  for (absl::string_view name :
       {"spec-example.json", "minimal.json", "minimal-for-start.json", "linux-rdma.json"}) {
    SCOPED_TRACE(name);
    absl::StatusOr<std::string> text = ReadFileToString(
        RunfilesPath(absl::StrCat("runtime/config/testdata/oci_schema/good/", name)));
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<Spec> spec = ParseOciConfigForKernel(*text, LastKnownCapability());
    ASSERT_TRUE(spec.ok()) << spec.status();
    ExpectRoundTrip(*spec);
  }
}

TEST(OciWriterTest, DefaultSpecsRoundTrip) {
  ExpectRoundTrip(DefaultSpec(false));
  ExpectRoundTrip(DefaultSpec(true));
}

// Every field of every struct, set and round-tripped, is oci_fields_test's
// EveryFieldRoundTrips: its sample is checked to set every listed member.

}  // namespace
}  // namespace nsinit::config

// Bundle: an OCI bundle directory for one test (runtime-spec
// bundle.md): `rootfs/` built by a RootfsBuilder and `config.json` made from
// BaseOciConfigJson() plus an RFC 7386 merge patch.
//
//   ASSIGN_OR_RETURN(Bundle b, Bundle::Create(
//       RootfsBuilder().AddBinary(probe, "/probe"),
//       R"({"process": {"args": ["/probe", "facts"]}})"));
//   // run a runtime on b.path() ...
//
// The bundle lives in its own TempDir, so it is unmounted and removed with
// the Bundle object whatever the test did.
#ifndef NSINIT_TOOLS_TESTING_BUNDLE_H_
#define NSINIT_TOOLS_TESTING_BUNDLE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/testing/rootfs_builder.h"
#include "tools/testing/temp_dir.h"

namespace nsinit::testing {

// BaseOciConfigJson() with `patch` applied (pretty-printed, so a failing
// test's bundle is readable).
absl::StatusOr<std::string> MakeOciConfigJson(absl::string_view patch);

// Writes `dir`/rootfs and `dir`/config.json (the config's root.path is
// "rootfs" unless the patch says otherwise).
absl::Status WriteBundle(absl::string_view dir, const RootfsBuilder& rootfs,
                         absl::string_view patch = "{}");

class Bundle {
 public:
  // A new bundle in a fresh TempDir.
  static absl::StatusOr<Bundle> Create(const RootfsBuilder& rootfs, absl::string_view patch = "{}");

  // The bundle directory (what `runc run --bundle` takes).
  const std::string& path() const { return dir_.path(); }
  std::string rootfs_path() const { return dir_.Sub("rootfs"); }
  std::string config_path() const { return dir_.Sub("config.json"); }

  // Replaces config.json with the base config plus `patch`.
  absl::Status RewriteConfig(absl::string_view patch);

  // Unmounts anything beneath the bundle and removes it now.
  absl::Status Remove() { return dir_.Remove(); }

 private:
  explicit Bundle(TempDir dir) : dir_(std::move(dir)) {}

  TempDir dir_;
};

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_BUNDLE_H_

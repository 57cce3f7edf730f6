#include "tools/nsinit/version.h"

#include <seccomp.h>

#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "runtime/features/features.h"
#include "tools/nsinit/version_info.h"

namespace nsinit::cli {

namespace {

constexpr char kRelease[] = "0.1.0";

std::string SpecVersion() {
  rapidjson::Document d;
  std::string features = FeaturesJson();
  d.Parse(features.c_str());
  if (d.IsObject() && d.HasMember("ociVersionMax") && d["ociVersionMax"].IsString()) {
    return d["ociVersionMax"].GetString();
  }
  return "unknown";
}

}  // namespace

std::string VersionText() {
  const struct scmp_version* sv = seccomp_version();
  std::string libseccomp = sv != nullptr ? absl::StrCat(sv->major, ".", sv->minor, ".", sv->micro)
                                         : NSINIT_LIBSECCOMP_BUILD_VERSION;
  return absl::StrCat("nsinit version ", kRelease, "\ncommit: ", NSINIT_COMMIT,
                      "\nspec: ", SpecVersion(), "\nlibseccomp: ", libseccomp,
                      "\nlibcap: ", NSINIT_LIBCAP_VERSION, "\n");
}

}  // namespace nsinit::cli

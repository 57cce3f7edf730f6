#include "conformance/runtime_claim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "conformance/subprocess.h"
#include "rapidjson/document.h"

namespace nsinit::conformance {

namespace {

constexpr absl::Duration kProbeDeadline = absl::Seconds(20);

std::string FirstLine(absl::string_view s) {
  std::string t(absl::StripAsciiWhitespace(s));
  size_t nl = t.find('\n');
  return nl == std::string::npos ? t : t.substr(0, nl);
}

}  // namespace

int SpecMinorVersion(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (absl::StartsWith(text, "v")) text.remove_prefix(1);
  std::vector<absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits('.', 2));
  if (parts.size() < 2) return -1;
  absl::string_view minor = parts[1];
  size_t digits = 0;
  while (digits < minor.size() && absl::ascii_isdigit(minor[digits])) ++digits;
  int major_n = 0, minor_n = 0;
  if (digits == 0 || !absl::SimpleAtoi(parts[0], &major_n) ||
      !absl::SimpleAtoi(minor.substr(0, digits), &minor_n)) {
    return -1;
  }
  return major_n * 100 + minor_n;
}

std::string SpecVersionFromVersionOutput(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    for (absl::string_view prefix : {"spec:", "spec version:", "oci spec:", "OCI spec:"}) {
      if (absl::StartsWithIgnoreCase(line, prefix)) {
        std::string v(absl::StripAsciiWhitespace(line.substr(prefix.size())));
        if (SpecMinorVersion(v) >= 0) return v;
      }
    }
  }
  return "";
}

std::string SpecVersionFromFeatures(absl::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError() || !d.IsObject()) return "";
  auto m = d.FindMember("ociVersionMax");
  if (m == d.MemberEnd() || !m->value.IsString()) return "";
  return m->value.GetString();
}

absl::StatusOr<RuntimeClaim> CheckRuntime(const std::string& binary, const std::string& scratch) {
  auto refuse = [&](absl::string_view why) {
    return absl::FailedPreconditionError(absl::StrCat("refusing runtime ", binary, ": ", why));
  };
  RuntimeClaim claim;
  struct stat st;
  if (stat(binary.c_str(), &st) != 0) {
    return refuse(absl::StrCat("stat: ", strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) return refuse("not a regular file");
  if (access(binary.c_str(), X_OK) != 0)
    return refuse(absl::StrCat("not executable: ", strerror(errno)));
  char* real = realpath(binary.c_str(), nullptr);
  claim.path = real != nullptr ? real : binary;
  free(real);

  absl::StatusOr<Captured> version =
      RunCaptured({binary, "--version"}, absl::Now() + kProbeDeadline);
  if (!version.ok()) return refuse(absl::StrCat("--version: ", version.status().message()));
  if (version->exit.timed_out) return refuse("--version did not finish within 20 s");
  if (version->exit.code != 0) {
    return refuse(absl::StrCat("--version exited ", version->exit.code, ": ",
                               FirstLine(version->err.empty() ? version->out : version->err)));
  }
  claim.version_output = std::string(absl::StripAsciiWhitespace(version->out));
  if (claim.version_output.empty()) return refuse("--version printed nothing");

  // An OCI runtime reports an unknown container as an error.
  absl::StatusOr<Captured> state =
      RunCaptured({binary, "--root", scratch, "state", "conform-no-such-container"},
                  absl::Now() + kProbeDeadline);
  if (!state.ok()) return refuse(absl::StrCat("state: ", state.status().message()));
  if (state->exit.timed_out)
    return refuse("`state` of an unknown container did not finish within 20 s");
  if (state->exit.code == 0) {
    return refuse("`state` of a container that does not exist succeeded; not an OCI runtime");
  }
  if (state->exit.code >= 126) {
    return refuse(absl::StrCat("`state` exited ", state->exit.code, " (not run or killed)"));
  }

  absl::StatusOr<Captured> features =
      RunCaptured({binary, "features"}, absl::Now() + kProbeDeadline);
  if (features.ok() && features->exit.code == 0) {
    claim.spec_version = SpecVersionFromFeatures(features->out);
    if (!claim.spec_version.empty()) claim.spec_version_from = "features ociVersionMax";
  }
  if (claim.spec_version.empty()) {
    claim.spec_version = SpecVersionFromVersionOutput(claim.version_output);
    if (!claim.spec_version.empty()) claim.spec_version_from = "--version";
  }
  return claim;
}

}  // namespace nsinit::conformance

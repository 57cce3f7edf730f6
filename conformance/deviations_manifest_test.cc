// Every file in conformance/deviations is loaded by a run this repository
// makes (issue 18): nsinit's manifest by either adapter its conformance
// tests drive it with, a foreign runtime's by conform judging one of the
// runtimes classifications.json (RESULTS.md) covers, and classifications.json
// by every run. A file nothing loads excuses nothing while it looks as if it
// did (deviations/nsinit-library.json did, for a library adapter that reads
// nsinit.json).
#include <set>
#include <string>
#include <vector>

#include "conformance/cli_adapter.h"
#include "conformance/file_util.h"
#include "conformance/library_adapter.h"
#include "conformance/runner.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"

namespace nsinit::conformance {
namespace {

// The runtimes classifications.json has entries for (its top-level keys).
std::vector<std::string> ClassifiedRuntimes(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  EXPECT_TRUE(text.ok()) << text.status();
  rapidjson::Document d;
  d.Parse(text.ok() ? text->c_str() : "{}");
  EXPECT_TRUE(!d.HasParseError() && d.IsObject()) << path;
  std::vector<std::string> out;
  if (d.HasParseError() || !d.IsObject()) return out;
  for (auto m = d.MemberBegin(); m != d.MemberEnd(); ++m) out.push_back(m->name.GetString());
  return out;
}

TEST(DeviationsManifestTest, EveryFileIsLoadedBySomeRun) {
  const std::string dir = Runfile("", "conformance/deviations");
  // As nsinit_conformance_test and conform make them.
  CliAdapter cli("nsinit", Runfile("", "tools/nsinit/nsinit"));
  LibraryAdapter library;
  std::set<std::string> loaded = {ClassificationsPath(dir), DeviationsPath(dir, cli),
                                  DeviationsPath(dir, library)};
  for (const std::string& runtime : ClassifiedRuntimes(ClassificationsPath(dir))) {
    loaded.insert(DeviationsPath(dir, CliAdapter(runtime, "/usr/sbin/" + runtime)));
  }
  std::string names;
  for (const std::string& l : loaded) names += " " + l.substr(dir.size() + 1);
  absl::StatusOr<std::vector<std::string>> files = ListDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_FALSE(files->empty()) << dir;
  for (const std::string& f : *files) {
    EXPECT_TRUE(loaded.count(dir + "/" + f))
        << "deviations/" << f << " is loaded by no run (they load:" << names
        << "); move what still applies to the manifest its runtime loads, or remove it";
  }
}

}  // namespace
}  // namespace nsinit::conformance

// Every live requirement of spec/SPEC.md is cited by at least one case,
// every case cites only existing IDs (and its observations' "req" only IDs
// the case cites), and deviation manifests name only existing IDs or cases.
#include <set>

#include "absl/strings/str_cat.h"
#include "conformance/case_file.h"
#include "conformance/file_util.h"
#include "conformance/report.h"
#include "conformance/runner.h"
#include "conformance/spec_ids.h"
#include "gtest/gtest.h"

namespace nsinit::conformance {
namespace {

class SpecCoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<SpecTable> spec = LoadSpec(Runfile("", "spec/SPEC.md"));
    ASSERT_TRUE(spec.ok()) << spec.status();
    spec_ = *spec;
    absl::StatusOr<std::vector<Case>> cases = LoadCases(Runfile("", "conformance/cases"));
    ASSERT_TRUE(cases.ok()) << cases.status();
    cases_ = std::move(*cases);
  }

  SpecTable spec_;
  std::vector<Case> cases_;
};

void CollectReqs(const rapidjson::Value& v, std::vector<std::string>* out) {
  if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      if (std::string(m->name.GetString()) == "req") {
        if (m->value.IsString()) out->push_back(m->value.GetString());
        if (m->value.IsArray()) {
          for (const auto& e : m->value.GetArray()) {
            if (e.IsString()) out->push_back(e.GetString());
          }
        }
      } else {
        CollectReqs(m->value, out);
      }
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) CollectReqs(e, out);
  }
}

TEST_F(SpecCoverageTest, EveryLiveRequirementHasACase) {
  std::set<std::string> cited;
  for (const Case& c : cases_) cited.insert(c.requirements.begin(), c.requirements.end());
  int missing = 0;
  for (const Requirement& r : spec_.requirements) {
    if (r.level == "RETIRED") continue;
    if (cited.count(r.id) == 0) {
      ++missing;
      ADD_FAILURE() << r.id << " (" << r.level << ") has no case: " << r.text;
    }
  }
  EXPECT_EQ(missing, 0);
}

// Issue 22: every requirement says which spec version introduced it, so a
// runtime is not marked down for a version it never claimed.
TEST_F(SpecCoverageTest, EveryOciRequirementStatesItsVersion) {
  for (const Requirement& r : spec_.requirements) {
    bool oci = r.source.find("oci") != std::string::npos;
    bool other = r.source.find("v1:") != std::string::npos ||
                 r.source.find("beyond the spec") != std::string::npos;
    EXPECT_TRUE(oci || other) << r.id << ": source \"" << r.source << "\" names no origin";
    if (oci) {
      EXPECT_FALSE(r.oci_version.empty()) << r.id << ": " << r.source;
    }
  }
}

TEST_F(SpecCoverageTest, CasesCiteExistingIds) {
  for (const Case& c : cases_) {
    std::set<std::string> own(c.requirements.begin(), c.requirements.end());
    for (const std::string& id : c.requirements) {
      const Requirement* r = spec_.Find(id);
      EXPECT_NE(r, nullptr) << c.file << ": case " << c.id << " cites unknown " << id;
      if (r != nullptr) {
        EXPECT_NE(r->level, "RETIRED") << c.file << ": case " << c.id << " cites retired " << id;
      }
    }
    std::vector<std::string> reqs;
    CollectReqs(c.steps(), &reqs);
    for (const std::string& id : reqs) {
      EXPECT_TRUE(own.count(id)) << c.file << ": case " << c.id << " charges " << id
                                 << " in a \"req\" but does not cite it";
    }
  }
}

TEST_F(SpecCoverageTest, DeviationsNameIdsOrCases) {
  std::string dir = Runfile("", "conformance/deviations");
  absl::StatusOr<std::vector<std::string>> files = ListDir(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  std::set<std::string> case_ids;
  for (const Case& c : cases_) case_ids.insert(c.id);
  for (const std::string& f : *files) {
    if (f == "classifications.json") continue;  // ClassificationsNameIds
    absl::StatusOr<Deviations> dev = LoadDeviations(dir + "/" + f);
    ASSERT_TRUE(dev.ok()) << dev.status();
    for (const auto& [key, reason] : *dev) {
      EXPECT_TRUE(spec_.Find(key) != nullptr || case_ids.count(key))
          << f << ": " << key << " is neither a requirement nor a case";
      EXPECT_FALSE(reason.empty()) << f << ": " << key << " has no reason";
    }
  }
}

// deviations/classifications.json: what RESULTS.md says about each foreign
// failure, shown next to the verdict; it names real IDs and known classes.
TEST_F(SpecCoverageTest, ClassificationsNameIds) {
  std::string path = Runfile("", "conformance/deviations/classifications.json");
  for (const char* runtime : {"runc", "crun"}) {
    absl::StatusOr<Classifications> c = LoadClassifications(path, runtime);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_FALSE(c->empty()) << runtime;
    for (const auto& [id, cl] : *c) {
      EXPECT_NE(spec_.Find(id), nullptr) << runtime << ": " << id << " is not a requirement";
      EXPECT_TRUE(cl.cls == "real" || cl.cls == "version" || cl.cls == "host")
          << runtime << ": " << id << ": class " << cl.cls
          << " (a \"case\" limit is the suite's to fix, not a classification)";
      EXPECT_FALSE(cl.why.empty()) << runtime << ": " << id;
    }
  }
}

}  // namespace
}  // namespace nsinit::conformance

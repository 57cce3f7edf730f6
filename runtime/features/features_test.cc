// `nsinit features` lists exactly the vocabulary tables (config/*_names.h):
// every row, and nothing else, in the order features-linux readers see.
#include "runtime/features/features.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/seccomp_names.h"

namespace nsinit {
namespace {

class FeaturesTest : public testing::Test {
 protected:
  void SetUp() override {
    json_ = FeaturesJson();
    ASSERT_FALSE(doc_.Parse(json_.c_str()).HasParseError()) << json_;
  }

  // The strings at linux.<key> (linux.seccomp.<key> when `seccomp`).
  std::vector<std::string> Strings(const char* key, bool seccomp = false) {
    const rapidjson::Value& linux = doc_["linux"];
    const rapidjson::Value& parent = seccomp ? linux["seccomp"] : linux;
    std::vector<std::string> out;
    if (!parent.HasMember(key)) {
      ADD_FAILURE() << "features has no " << key;
      return out;
    }
    for (const rapidjson::Value& v : parent[key].GetArray()) out.emplace_back(v.GetString());
    return out;
  }

  std::string json_;
  rapidjson::Document doc_;
};

std::vector<std::string> SortedCopy(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(FeaturesTest, NamespacesAreTheTableSorted) {
  std::vector<std::string> table;
  for (const config::NamespaceInfo& ns : config::AllNamespaces()) {
    table.emplace_back(ns.oci_name);
  }
  std::vector<std::string> listed = Strings("namespaces");
  EXPECT_EQ(SortedCopy(listed), SortedCopy(table));
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
}

TEST_F(FeaturesTest, CapabilitiesAreTheTableInNumberOrder) {
  std::vector<std::string> table;
  for (const config::CapabilityInfo& cap : config::AllCapabilities()) {
    table.emplace_back(cap.name);
  }
  EXPECT_EQ(Strings("capabilities"), table);
}

template <typename Row>
std::vector<std::string> TableNames(absl::Span<const Row> rows) {
  std::vector<std::string> names;
  for (const Row& row : rows) names.emplace_back(row.name);
  return names;
}

TEST_F(FeaturesTest, SeccompActionsAndOperatorsAreTheTablesSorted) {
  std::vector<std::string> actions = Strings("actions", true);
  EXPECT_EQ(SortedCopy(actions), SortedCopy(TableNames(config::SeccompActions())));
  EXPECT_TRUE(std::is_sorted(actions.begin(), actions.end()));
  std::vector<std::string> operators = Strings("operators", true);
  EXPECT_EQ(SortedCopy(operators), SortedCopy(TableNames(config::SeccompOperators())));
  EXPECT_TRUE(std::is_sorted(operators.begin(), operators.end()));
}

TEST_F(FeaturesTest, SeccompArchsAreTheListedRowsInTableOrder) {
  std::vector<std::string> listed;
  for (const config::SeccompArchInfo& a : config::SeccompArchs()) {
    if (a.listed) listed.emplace_back(a.name);
  }
  EXPECT_FALSE(listed.empty());
  EXPECT_EQ(Strings("archs", true), listed);
}

// FEAT-009: supportedFlags is a part of knownFlags.
TEST_F(FeaturesTest, SeccompFlagsAreTheTableAndItsSupportedRows) {
  std::vector<std::string> supported;
  for (const config::SeccompFlagInfo& f : config::SeccompFlags()) {
    if (f.listed_as_supported) supported.emplace_back(f.name);
  }
  std::vector<std::string> known = TableNames(config::SeccompFlags());
  EXPECT_EQ(Strings("knownFlags", true), known);
  EXPECT_EQ(Strings("supportedFlags", true), supported);
  for (const std::string& f : supported) {
    EXPECT_NE(std::find(known.begin(), known.end(), f), known.end()) << f;
  }
}

}  // namespace
}  // namespace nsinit

#include "tools/testing/bundle.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "tools/testing/oci_base_config.h"

namespace nsinit::testing {
namespace {

rapidjson::Document ParseFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(ss.str().c_str());
  EXPECT_FALSE(doc.HasParseError()) << path;
  return doc;
}

TEST(BaseOciConfigTest, IsRuncSpecWithoutTerminal) {
  rapidjson::Document doc;
  doc.Parse(BaseOciConfigJson().data(), BaseOciConfigJson().size());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_FALSE(doc["process"]["terminal"].GetBool());
  EXPECT_STREQ(doc["process"]["args"][0].GetString(), "sh");
  EXPECT_STREQ(doc["root"]["path"].GetString(), "rootfs");
  EXPECT_EQ(doc["linux"]["namespaces"].Size(), 5u);
}

TEST(BundleTest, WritesRootfsAndPatchedConfig) {
  std::string path;
  {
    absl::StatusOr<Bundle> bundle =
        Bundle::Create(RootfsBuilder().SetHostname("b"),
                       R"({"process": {"args": ["/bin/echo", "hi"], "terminal": null},
            "hostname": "patched", "linux": {"maskedPaths": null}})");
    ASSERT_TRUE(bundle.ok()) << bundle.status();
    path = bundle->path();
    struct stat st;
    ASSERT_EQ(stat((bundle->rootfs_path() + "/bin/busybox").c_str(), &st), 0);
    rapidjson::Document doc = ParseFile(bundle->config_path());
    EXPECT_STREQ(doc["root"]["path"].GetString(), "rootfs");
    EXPECT_STREQ(doc["process"]["args"][0].GetString(), "/bin/echo");
    EXPECT_EQ(doc["process"]["args"].Size(), 2u);
    EXPECT_FALSE(doc["process"].HasMember("terminal"));
    EXPECT_STREQ(doc["process"]["cwd"].GetString(), "/");  // kept
    EXPECT_STREQ(doc["hostname"].GetString(), "patched");
    EXPECT_FALSE(doc["linux"].HasMember("maskedPaths"));
    EXPECT_TRUE(doc["linux"].HasMember("readonlyPaths"));

    ASSERT_TRUE(bundle->RewriteConfig(R"({"hostname": "again"})").ok());
    EXPECT_STREQ(ParseFile(bundle->config_path())["hostname"].GetString(), "again");
  }
  struct stat st;
  EXPECT_NE(stat(path.c_str(), &st), 0);  // removed with the Bundle
}

TEST(BundleTest, BadPatchIsAnError) {
  absl::StatusOr<Bundle> bundle = Bundle::Create(RootfsBuilder(), "{oops");
  ASSERT_FALSE(bundle.ok());
  EXPECT_NE(bundle.status().message().find("merge patch"), absl::string_view::npos);
}

}  // namespace
}  // namespace nsinit::testing

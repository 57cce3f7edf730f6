// Test data in the runfiles tree, for the config tests.
//
// Bazel puts a test's `data` files under $TEST_SRCDIR/$TEST_WORKSPACE; these
// helpers find them there and read them whole.
#ifndef NSINIT_RUNTIME_CONFIG_TESTDATA_H_
#define NSINIT_RUNTIME_CONFIG_TESTDATA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nsinit::config {

// $TEST_SRCDIR/$TEST_WORKSPACE/<workspace_relative>.
std::string RunfilesPath(absl::string_view workspace_relative);

// The whole content of `path`; the error names the path and errno.
absl::StatusOr<std::string> ReadFileToString(absl::string_view path);

// The regular files directly in `dir` whose names end in `suffix`, sorted.
absl::StatusOr<std::vector<std::string>> ListFiles(absl::string_view dir, absl::string_view suffix);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_TESTDATA_H_

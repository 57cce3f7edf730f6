// The base OCI runtime config every test bundle starts from.
//
// It is runc 1.1.5's `runc spec` default with two changes for unattended
// tests: "terminal": false (no console) and, as in runc's, "args": ["sh"].
// root.path is "rootfs" (relative to the bundle). Tests express what they
// need as an RFC 7386 merge patch over this (see bundle.h).
#ifndef NSINIT_TOOLS_TESTING_OCI_BASE_CONFIG_H_
#define NSINIT_TOOLS_TESTING_OCI_BASE_CONFIG_H_

#include "absl/strings/string_view.h"

namespace nsinit::testing {

absl::string_view BaseOciConfigJson();

}  // namespace nsinit::testing

#endif  // NSINIT_TOOLS_TESTING_OCI_BASE_CONFIG_H_

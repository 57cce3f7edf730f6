// `nsinit --version`: what runc's says, for nsinit.
#ifndef NSINIT_TOOLS_NSINIT_VERSION_H_
#define NSINIT_TOOLS_NSINIT_VERSION_H_

#include <string>

namespace nsinit::cli {

// "nsinit version 0.1.0\ncommit: ...\nspec: 1.2.0\nlibseccomp: 2.5.4\n
// libcap: 2.66\n": the release, the commit it was built from (stamped;
// "unknown" outside a git checkout), the OCI runtime-spec version it
// implements (its features document's ociVersionMax), and the libseccomp
// (as linked, from seccomp_version()) and libcap (as built against)
// versions.
std::string VersionText();

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_VERSION_H_

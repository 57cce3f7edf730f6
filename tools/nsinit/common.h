// Helpers the verbs share: loading the bundle, writing the pid file.
#ifndef NSINIT_TOOLS_NSINIT_COMMON_H_
#define NSINIT_TOOLS_NSINIT_COMMON_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/config/spec.h"
#include "runtime/container.h"
#include "tools/nsinit/cli.h"

namespace nsinit::cli {

// The bundle of --bundle/-b (default: the current directory), absolute.
std::string BundlePath(const Parsed& p);

// Loads BUNDLE/config.json, printing the parser's warnings.
absl::StatusOr<config::Spec> LoadBundle(const std::string& bundle);

// "nsinit: warning: ..." on stderr for each.
void PrintWarnings(const std::vector<std::string>& warnings);

CreateOptions MakeCreateOptions(const Globals& g, const Parsed& p, const std::string& bundle);

// Writes `pid` to --pid-file atomically, when given.
absl::Status WritePidFile(const Parsed& p, pid_t pid);

// runc's byte sizes: "512", "64k", "128m", "1g" (binary), "-1" unlimited.
absl::StatusOr<int64_t> ParseByteSize(const std::string& flag, const std::string& text);

// Fills `r` from update's resource flags (--memory, --cpu-quota, ...).
absl::Status ApplyResourceFlags(const Parsed& p, config::Resources* r);

// Checks --console-socket against process.terminal before anything is
// made: a terminal needs somewhere to go (`relay`: run in the foreground
// relays it itself).
absl::Status CheckConsoleSocket(const Parsed& p, const config::Spec& spec, bool relay);
// Sends the container's pty master to --console-socket, when given.
absl::Status HandOverConsole(const Parsed& p, Container& c);

// The flags create and run share.
std::vector<FlagSpec> CreateFlags();

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_COMMON_H_

// Helpers the verbs share: loading the bundle, writing the pid file.
#ifndef NSINIT_TOOLS_NSINIT_COMMON_H_
#define NSINIT_TOOLS_NSINIT_COMMON_H_

#include <cstddef>
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

// crun's create/run --config FILE: the config read from FILE (relative to
// the current directory) instead of BUNDLE/config.json; a relative root.path
// is still taken against the bundle.
absl::StatusOr<config::Spec> LoadConfigFile(const std::string& bundle, const std::string& file);

// The most read of a JSON file named on the command line (--config,
// --process, --resources): far above any real one, and a quarter of what
// the state directory takes back (runtime/state), so a config accepted here
// always fits its snapshot.
inline constexpr size_t kMaxJsonInputBytes = 16 << 20;

// "nsinit: warning: ..." on stderr for each.
void PrintWarnings(const std::vector<std::string>& warnings);

// What create and run do before Container::Create: the ID operand, the
// bundle's config with the global options applied, the fds the process
// inherits (ContainerFds), the console socket checked against
// process.terminal (`relay_console`: run relays a terminal itself), and the
// options; kill_on_parent_death is the caller's.
struct CreateRequest {
  config::Spec spec;
  CreateOptions options;
};
absl::StatusOr<CreateRequest> PrepareCreate(const Globals& g, const Parsed& p, const char* verb,
                                            bool relay_console);

// --systemd-cgroup: linux.cgroupsPath read as "slice:prefix:name" (empty:
// ":nsinit:ID") and turned into the cgroupfs path systemd would give that
// unit ("a-b.slice:p:n" -> "/a.slice/a-b.slice/p-n.scope"). nsinit has no
// systemd client: it creates that path in cgroupfs itself.
absl::StatusOr<std::string> SystemdCgroupsPath(const std::string& cgroups_path,
                                               const std::string& id);
// Applies the global flags that change the config (--systemd-cgroup).
absl::Status ApplyGlobals(const Globals& g, const std::string& id, config::Spec* spec);

// --preserve-fds N (0 when absent); every fd first..first+N-1 must be open.
absl::StatusOr<uint32_t> PreserveFds(const Parsed& p, uint32_t first = 3);

// For create and run: how many fds from 3 up the container's process
// inherits. Socket activation first (LISTEN_FDS, when LISTEN_PID is this
// process; the process then gets LISTEN_FDS=N and LISTEN_PID=1 in its
// environment), then --preserve-fds N more, as runc passes them.
absl::StatusOr<uint32_t> ContainerFds(const Parsed& p, config::Spec* spec);

// The container a verb acts on: its ID operand, or, with none, the v1
// container running from the current directory (./container.json with
// ./state.json: the seed's `nsinit pause` in a rootfs).
absl::StatusOr<std::string> ContainerIdOrV1(const Parsed& p, const char* verb);

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

// crun's delete/kill --regex: the ids under `root` that PATTERN (POSIX ERE)
// matches as a whole, sorted.
absl::StatusOr<std::vector<std::string>> IdsMatching(const std::string& root,
                                                     const std::string& pattern);

// The flags create and run share.
inline constexpr FlagSpec kCreateFlags[] = {
    {"bundle", "b", true, "path to the bundle directory (default: the current directory)"},
    {"pid-file", "", true, "write the init's pid to this file"},
    {"console-socket", "", true, "unix socket that receives the pty master (terminal)"},
    {"no-pivot", "", false, "use MS_MOVE + chroot instead of pivot_root"},
    {"no-new-keyring", "", false, "accepted: nsinit never makes a new session keyring"},
    {"no-subreaper", "", false, "accepted: nsinit never makes itself a subreaper"},
    {"config", "f", true, "crun's: read the config from FILE instead of BUNDLE/config.json"},
    {"preserve-fds", "", true,
     "pass N more fds into the container's process (3..3+N-1, after the LISTEN_FDS ones when "
     "socket-activated)"},
};

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_COMMON_H_

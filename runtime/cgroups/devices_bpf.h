// The cgroup v2 device filter: an eBPF program of type
// BPF_PROG_TYPE_CGROUP_DEVICE built from the OCI device rules.
//
// cgroup v2 has no devices controller; the kernel asks a program attached
// to the cgroup (BPF_CGROUP_DEVICE) on every open/mknod of a device node,
// passing struct bpf_cgroup_dev_ctx (linux/bpf.h). The rules are compiled by hand from raw
// instructions (no libbpf): the last matching rule decides, as the v1 rules replayed in order
// would; nothing matching means deny. Loading and attaching use the raw bpf(2) syscall; a program
// already attached (an earlier create or update) is detached only after the new one is in place, so
// there is no window without a filter.
#ifndef NSINIT_RUNTIME_CGROUPS_DEVICES_BPF_H_
#define NSINIT_RUNTIME_CGROUPS_DEVICES_BPF_H_

#include <linux/bpf.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"
#include "runtime/config/spec.h"

namespace nsinit::cgroups {

// The program for `rules`; InvalidArgument for a bad type or access.
absl::StatusOr<std::vector<bpf_insn>> BuildDeviceProgram(
    const std::vector<config::DeviceRule>& rules);

// BPF_PROG_LOAD; the error carries the verifier's log.
absl::StatusOr<UniqueFd> LoadDeviceProgram(const std::vector<bpf_insn>& program);

// Builds, loads and attaches the filter to the cgroup directory `dir`,
// replacing the device programs attached there before.
absl::Status ApplyDeviceFilter(const std::string& dir,
                               const std::vector<config::DeviceRule>& rules);

}  // namespace nsinit::cgroups

#endif  // NSINIT_RUNTIME_CGROUPS_DEVICES_BPF_H_

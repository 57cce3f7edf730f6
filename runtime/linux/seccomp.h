// OCI linux.seccomp -> a BPF program, compiled in the parent with libseccomp.
//
// The child loads the bytes with seccomp(2) as its last step before exec;
// it never calls libseccomp (which allocates). Every OCI action is mapped,
// including ERRNO/TRACE with their return values and NOTIFY (the filter
// then needs SECCOMP_FILTER_FLAG_NEW_LISTENER, see `flags`).
#ifndef NSINIT_RUNTIME_LINUX_SECCOMP_H_
#define NSINIT_RUNTIME_LINUX_SECCOMP_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "runtime/config/spec.h"

namespace nsinit::sys {

struct SeccompProgram {
  std::string bpf;      // struct sock_filter[], as bytes
  uint32_t flags = 0;   // SECCOMP_FILTER_FLAG_*
  bool notify = false;  // a listener fd will be returned by the load
};

absl::StatusOr<SeccompProgram> CompileSeccomp(const config::Seccomp& seccomp);

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_SECCOMP_H_

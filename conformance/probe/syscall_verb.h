// The `syscall NAME` verb: one harmless invocation of a named syscall.
//
// Used by seccomp cases: a profile that returns ERRNO for `mkdir` should make
// `probe syscall mkdir` report {"ok":false,"errno":"EPERM"}. Each call is
// made with syscall(2) and the exact syscall number, never through a libc
// wrapper (glibc's mkdir() calls mkdirat, which a rule for "mkdir" would not
// match). Arguments are chosen so the call is harmless even when it is
// allowed: bad flags, a private scratch path in /tmp, queries only.
#ifndef NSINIT_CONFORMANCE_PROBE_SYSCALL_VERB_H_
#define NSINIT_CONFORMANCE_PROBE_SYSCALL_VERB_H_

#include <string>
#include <vector>

#include "conformance/probe/json_out.h"

namespace nsinit::probe {

// {"verb":"syscall","name","known","ret","ok","errno"}; an unknown name
// gives "known": false and the list of known names under "known_names".
void VerbSyscall(JsonWriter& w, const std::string& name);

// The names the table supports, in table order.
std::vector<std::string> KnownSyscalls();

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_SYSCALL_VERB_H_

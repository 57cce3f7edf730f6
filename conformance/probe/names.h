// Symbolic names for the kernel numbers the probe reports.
//
// The probe's output is compared against configs and against other runtimes,
// so numbers are spelled the way configs spell them: errnos as "EPERM",
// signals as "SIGTERM", capabilities as "CAP_SYS_ADMIN" (capabilities(7)),
// rlimits as "RLIMIT_NOFILE" (the OCI spelling), filesystems by their
// statfs(2) magic ("tmpfs").
#ifndef NSINIT_CONFORMANCE_PROBE_NAMES_H_
#define NSINIT_CONFORMANCE_PROBE_NAMES_H_

#include <string>

namespace nsinit::probe {

// "ENOENT"; "errno 4095" for values without a name.
std::string ErrnoName(int err);

// "SIGTERM"; "SIGRTMIN+3" for real-time signals; "signal 99" otherwise.
std::string SignalName(int sig);

// Parses "TERM", "SIGTERM" or "15"; returns 0 when unknown.
int SignalFromName(const std::string& name);

// "CAP_CHOWN" for bit 0 ... "CAP_CHECKPOINT_RESTORE" for bit 40;
// "CAP_<bit>" for bits newer than this table.
std::string CapName(int bit);

// "tmpfs", "proc", ...; "unknown" for magics not in the table.
const char* FsMagicName(unsigned long magic);

struct RlimitName {
  int resource;
  const char* name;
};
// Every RLIMIT_* resource, in numeric order.
extern const RlimitName kRlimits[];
extern const int kRlimitCount;

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_NAMES_H_

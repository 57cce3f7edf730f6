// The parent side of the sync protocol (sync_child.h describes the
// protocol and holds the child side).
#ifndef NSINIT_RUNTIME_PROCESS_SYNC_H_
#define NSINIT_RUNTIME_PROCESS_SYNC_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/base/unique_fd.h"
#include "runtime/process/sync_child.h"

namespace nsinit::process {

// ---- Parent side -------------------------------------------------------

struct Received {
  SyncMessage message;
  std::vector<UniqueFd> fds;
  bool eof = false;  // the child closed its end (exec'd or died)
};

absl::Status SendMessage(int fd, SyncType type, const std::vector<int>& fds = {});
absl::Status SendPlan(int fd, const std::string& bytes, const std::vector<int>& fds);
absl::StatusOr<Received> ReceiveMessage(int fd);

// Turns a kError record into a status: "<step> <text>: ENAME: description".
absl::Status ChildErrorToStatus(const SyncMessage& message);

// Adds the child's marks carried by a kReady message to timings::Report()
// ("child: <step>").
void MergeChildTimings(const SyncMessage& ready);

// Waits for `want`; a kError becomes its status, anything else (or EOF
// where `eof_ok` is false) is "expected X, got Y".
absl::StatusOr<Received> ExpectMessage(int fd, SyncType want);

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_SYNC_H_

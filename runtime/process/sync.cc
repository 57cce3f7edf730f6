#include "runtime/process/sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/scm_rights.h"
#include "runtime/base/timings.h"

namespace nsinit::process {

absl::Status SendMessage(int fd, SyncType type, const std::vector<int>& fds) {
  SyncMessage m;
  m.type = static_cast<uint32_t>(type);
  if (fds.size() > kMaxPassedFds) return absl::InvalidArgumentError("sync: too many fds");
  if (SendWithFds(fd, &m, sizeof(m), fds.data(), fds.size()) != sizeof(m)) {
    return LastErrnoStatus(absl::StrCat("sync: sending ", SyncTypeName(type)));
  }
  return absl::OkStatus();
}

absl::Status SendPlan(int fd, const std::string& bytes, const std::vector<int>& fds) {
  if (fds.size() > kMaxPassedFds) return absl::InvalidArgumentError("sync: too many fds");
  ssize_t n = SendWithFds(fd, bytes.data(), bytes.size(), fds.data(), fds.size());
  if (n != static_cast<ssize_t>(bytes.size())) {
    return LastErrnoStatus(absl::StrCat("sync: sending the plan (", bytes.size(), " bytes)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Received> ReceiveMessage(int fd) {
  Received r;
  int fds[kMaxPassedFds];
  size_t nfds = 0;
  ssize_t n = ReceiveWithFds(fd, &r.message, sizeof(r.message), fds, &nfds);
  for (size_t i = 0; i < nfds; ++i) r.fds.emplace_back(fds[i]);
  if (n < 0) {
    // ECONNRESET: the child died without closing cleanly; same as EOF.
    if (errno == ECONNRESET) {
      r.eof = true;
      return r;
    }
    return LastErrnoStatus("sync: receiving from the child");
  }
  if (n == 0) {
    r.eof = true;
    return r;
  }
  if (n != sizeof(SyncMessage)) {
    return absl::DataLossError(absl::StrCat("sync: short message (", n, " bytes)"));
  }
  r.message.text[sizeof(r.message.text) - 1] = '\0';
  return r;
}

absl::Status ChildErrorToStatus(const SyncMessage& m) {
  std::string what = ChildStepName(static_cast<ChildStep>(m.step));
  if (m.text[0] != '\0') absl::StrAppend(&what, " ", m.text);
  if (m.err == 0) return absl::InternalError(what);
  return ErrnoStatus(m.err, what);
}

absl::StatusOr<Received> ExpectMessage(int fd, SyncType want) {
  absl::StatusOr<Received> r = ReceiveMessage(fd);
  if (!r.ok()) return r.status();
  if (r->eof) {
    return absl::AbortedError(absl::StrCat("sync: expected ", SyncTypeName(want),
                                           ", got end of stream (the child exited)"));
  }
  auto got = static_cast<SyncType>(r->message.type);
  if (got == want) return r;
  if (got == SyncType::kError) return ChildErrorToStatus(r->message);
  return absl::InternalError(
      absl::StrCat("sync: expected ", SyncTypeName(want), ", got ", SyncTypeName(got)));
}

void MergeChildTimings(const SyncMessage& ready) {
  // "child: <step>" for every step, made once (the marks keep the pointers).
  static const std::string* names = [] {
    auto* n = new std::string[static_cast<size_t>(ChildStep::kCount)];
    for (size_t i = 0; i < static_cast<size_t>(ChildStep::kCount); ++i) {
      n[i] = absl::StrCat("child: ", ChildStepName(static_cast<ChildStep>(i)));
    }
    return n;
  }();
  ChildTimingRecord r;
  memcpy(&r, ready.text, sizeof(r));
  for (uint32_t i = 0; i < r.count && i < kMaxChildMarks; ++i) {
    if (r.marks[i].step >= static_cast<uint32_t>(ChildStep::kCount)) continue;
    timings::MarkAt(names[r.marks[i].step].c_str(),
                    r.base_ns + static_cast<int64_t>(r.marks[i].offset_us) * 1000);
  }
}

}  // namespace nsinit::process

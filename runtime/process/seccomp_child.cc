#include "runtime/process/seccomp_child.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/base/unique_fd.h"
#include "runtime/process/report_child.h"

namespace nsinit::process {

void SetNoNewPrivsInChild(const InitPlan& plan) {
  if (plan.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    FailInChild(ChildStep::kNoNewPrivs, nullptr);
  }
}

void LoadSeccompInChild(const InitPlan& plan, int notify_sock) {
  if (plan.seccomp_bpf.empty()) return;
  struct sock_fprog prog;
  prog.len = static_cast<unsigned short>(plan.seccomp_bpf.size() / sizeof(struct sock_filter));
  prog.filter = reinterpret_cast<struct sock_filter*>(const_cast<char*>(plan.seccomp_bpf.data()));
  long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, plan.seccomp_flags, &prog);
  if (rc < 0) FailInChild(ChildStep::kSeccomp, nullptr);
  if (!(plan.seccomp_flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)) return;
  UniqueFd listener(static_cast<int>(rc));
  // The state and the listener fd go to the listener in one go; the
  // connection is then closed, as OCI asks (these calls pass the filter).
  if (notify_sock < 0) {
    errno = EBADF;
    FailInChild(ChildStep::kSeccompListener, "no connection to the listener");
  }
  UniqueFd conn(notify_sock);
  if (!ChildSendBytes(conn.get(), plan.seccomp_listener_state.data(),
                      plan.seccomp_listener_state.size(), listener.get())) {
    FailInChild(ChildStep::kSeccompListener, nullptr);
  }
  conn.reset();
  listener.reset();
}

}  // namespace nsinit::process

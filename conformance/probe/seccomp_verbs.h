// Seccomp verbs that need more than one syscall.
//
// `seccomp-listen SOCKET OUT REPLY` runs on the HOST, as the listener a
// seccomp profile's `listenerPath` names (SCMP_ACT_NOTIFY). It binds and
// listens on SOCKET, then forks: the parent prints
// {"verb":"seccomp-listen","listening":true,"pid":N} and exits, so a
// foreground step returns once the socket is ready. The child accepts one
// connection, reads the container process state and the listener fd
// (SCM_RIGHTS) the runtime sends, and appends to OUT one JSON line
// {"verb":"seccomp-listen","state":{...},"fds":n};
// then answers each notification with REPLY ("continue" =
// SECCOMP_USER_NOTIF_FLAG_CONTINUE, or an errno name such as "EACCES"),
// appending {"verb":"seccomp-notify","nr":N,"pid":P,"reply":"..."} to OUT
// before it answers. It exits when the filter has no task left, or after
// 60 s at the latest (alarm).
//
// `trap NAME` (inside) installs a SIGSYS handler, makes syscall NAME and
// reports what the signal said: {"verb":"trap","trapped":bool,
// "si_code":n,"sys_seccomp":bool,"si_syscall":n,"nr":n,"ret":n}.
//
// `int80 NAME` (inside, x86_64) makes the 32-bit syscall NAME ("getpid"
// or "mkdir") through int 0x80 and reports {"verb":"int80","ret":n,
// "ok":bool,"errno":...}.
#ifndef NSINIT_CONFORMANCE_PROBE_SECCOMP_VERBS_H_
#define NSINIT_CONFORMANCE_PROBE_SECCOMP_VERBS_H_

#include <string>

#include "conformance/probe/json_out.h"

namespace nsinit::probe {

int VerbSeccompListen(const std::string& socket_path, const std::string& out_path,
                      const std::string& reply);
void VerbTrap(JsonWriter& w, const std::string& name);
void VerbInt80(JsonWriter& w, const std::string& name);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_SECCOMP_VERBS_H_

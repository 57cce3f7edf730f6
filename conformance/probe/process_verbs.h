// Verbs about the probe's own life: exit, kill-self, sleep-until-signal,
// wait-stdin, fork, clock.
//
// These let lifecycle cases (kill, delete, exit codes, stdio) run without
// fixed sleeps: the harness learns the probe is ready from its output and
// ends it with a signal or by closing stdin.
#ifndef NSINIT_CONFORMANCE_PROBE_PROCESS_VERBS_H_
#define NSINIT_CONFORMANCE_PROBE_PROCESS_VERBS_H_

#include <string>

namespace nsinit::probe {

// Exits with status `code` (0..255), printing nothing. Returns 2 on a bad
// code (the caller's exit status).
int VerbExit(const std::string& code);

// Blocks every catchable signal, prints {"verb":"sleep-until-signal",
// "ready":true,"pid":N}, waits for one signal with sigwaitinfo(2), prints
// {"verb":"sleep-until-signal","signal":15,"name":"SIGTERM","sender_pid":N}
// and returns 128 + signal number as the exit status.
int VerbSleepUntilSignal();

// Reads stdin until EOF, prints {"verb":"wait-stdin","bytes":N,"errno":..}
// and returns 0 (1 when the read failed).
int VerbWaitStdin();

// kill(getpid(), SIG). When the probe survives (the signal is blocked,
// ignored, or it is a namespace's init without a handler, see
// pid_namespaces(7)), prints {"verb":"kill-self","signal","survived":true,
// "errno"} and returns 0. Returns 2 on an unknown signal.
int VerbKillSelf(const std::string& sig);

// Forks up to N children that wait in pause(2), stopping at the first
// failure, prints {"verb":"fork","wanted":N,"forked":K,"errno":E or null},
// then SIGKILLs and reaps them. How a pids limit is observed (EAGAIN).
// Returns 2 on a bad N.
int VerbFork(const std::string& count);

// Prints {"verb":"clock","monotonic":S,"boottime":S,"realtime":S}: whole
// seconds of CLOCK_MONOTONIC, CLOCK_BOOTTIME and CLOCK_REALTIME (time
// namespace offsets shift the first two).
int VerbClock();

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_PROCESS_VERBS_H_

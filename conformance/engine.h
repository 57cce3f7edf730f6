// Engine: runs one conformance case against one runtime (through an
// Adapter) and judges it.
//
// For each case it decides first whether it can run at all (a static
// "skip", unmet "needs" such as root or cgroup v2, "feature_checks" the
// runtime's features document does not satisfy, a step the adapter cannot
// perform): each is a skip with its reason. Otherwise it makes a private
// scratch directory (bundle with a fresh busybox+probe rootfs, state root),
// walks the steps, checks each step's exit status and observations, and
// always cleans up (`delete --force`, then the scratch directory is
// unmounted and removed) whatever happened.
//
// Step kinds the engine handles itself: "host" (a document of host-side
// facts about the container: state directory, init pid liveness, its
// /proc/PID/ns, status, id maps, cgroup files, files on the host) and
// "rewrite-config" (replace config.json with the base plus a new patch).
// Every other step goes to the adapter. Each step may carry:
//   "exit": 0 | N | "nonzero" | "any"   (default 0; "any" for wait/output)
//   "expect": [observation, ...]        (selector.h)
//   "req": "ID" | ["ID", ...]          (a failure here fails only these)
//   "skip_if_refused": true            (a MAY: a non-zero exit where 0 was
//                                       expected makes the case a skip)
//   "tty": true | {...}                (run: a pty on the caller's side,
//                                       cli_adapter.h / pty_run.h)
// An observation's "from" picks its document: "inside" (JSON line number
// "probe", default 0, of what the container printed), "json" (the
// runtime's stdout parsed), "result" ({exit, signal, timed_out, stdout,
// stderr, output, lines}) or "host". The default is "inside" for run, exec,
// wait and output, "json" for state and cli, "host" for host, else
// "result".
#ifndef NSINIT_CONFORMANCE_ENGINE_H_
#define NSINIT_CONFORMANCE_ENGINE_H_

#include <map>
#include <string>
#include <vector>

#include "conformance/adapter.h"
#include "conformance/case_file.h"

namespace nsinit::conformance {

// kUnstable is never the engine's: the runner gives it to a case that failed
// and, run once more, did not fail the same way (runner.h).
enum class Verdict { kPass, kFail, kSkip, kUnstable };
const char* VerdictName(Verdict v);

struct CaseResult {
  std::string id;
  std::string area;
  std::string file;
  Verdict verdict = Verdict::kPass;
  std::string detail;  // skip reason or the failures, "; "-joined
  // For an unstable case, what the second run said ("pass", or its
  // failures); `detail` keeps the first run's.
  std::string retry_detail;
  // Verdict per cited requirement (a failing observation with "req" fails
  // only the requirements it names).
  std::map<std::string, Verdict> requirements;
  double millis = 0;
};

struct EngineOptions {
  std::string probe;     // host path of the static probe binary
  std::string tmp_root;  // parent of the case scratch directories; "" = TestTmpRoot()
};

class Engine {
 public:
  Engine(Adapter& adapter, EngineOptions options)
      : adapter_(adapter), options_(std::move(options)) {}

  CaseResult Run(const Case& c);

 private:
  Adapter& adapter_;
  EngineOptions options_;
};

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_ENGINE_H_

// Container start latency and footprint of nsinit against runc, crun and
// the kernel floor, all in one run (Google Benchmark, real time).
//
//   start/<rt>        run a busybox bundle whose process is /bin/true:
//                     create, start, wait, destroy (the library) or
//                     `<rt> run` (CLIs) or `floor ROOTFS` (the floor)
//   rss/<rt>          the same `run`, counter maxrss_kib = peak RSS of the
//                     runtime's process tree (wait4 ru_maxrss, bench/maxrss)
//   exec/<rt>         exec /bin/true into a running container
//   pause_resume/<rt> pause then resume a running container
//   seq100/<rt>       100 containers one after another (one iteration)
//   parallel/<rt>/N   N containers started at once, until all exited
//   memory_min/<rt>   smallest linux.resources.memory.limit under which
//                     /bin/true still runs (counter min_limit_kib)
//   phases/<op>/<rt>  one start (or exec) of nsinit, or a start of a floor,
//                     with --debug-timings: counters "phase:<name>" = ms
//                     per phase (timings.h, bench/phase_marks.h)
//
// --samples_out=FILE writes every
// iteration's wall time (ms) per benchmark as JSON, for p90/p99.
//
// <rt> is nsinit-lib, nsinit, runc, crun, floor or config-floor (the floor
// plus the config's kernel work, bench/config_floor.cc). A runtime that is not
// installed is reported as a skip with the reason. Absolute times on a
// shared machine are noise; bench/report.py turns one run into ratios to
// the floor and to the peers.
#include <stdio.h>
#include <string.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "bench/environment.h"
#include "bench/memory_limit.h"
#include "benchmark/benchmark.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/timings.h"
#include "runtime/process/entry.h"

namespace nsinit::bench {
namespace {

Environment* env = nullptr;

// Every iteration's wall time in ms, by benchmark name (--samples_out).
std::map<std::string, std::vector<double>> samples;

// Times one iteration of benchmark `name` from construction to Done().
class IterationTimer {
 public:
  explicit IterationTimer(std::string name) : name_(std::move(name)), start_(absl::Now()) {}
  void Done() { samples[name_].push_back(absl::ToDoubleMilliseconds(absl::Now() - start_)); }

 private:
  std::string name_;
  absl::Time start_;
};

void WriteSamples(const std::string& path) {
  FILE* f = fopen(path.c_str(), "we");
  if (f == nullptr) return;
  fputs("{", f);
  const char* sep = "";
  for (const auto& [name, values] : samples) {
    fprintf(f, "%s\n  \"%s\": [", sep, name.c_str());
    for (size_t i = 0; i < values.size(); ++i) fprintf(f, "%s%.4f", i ? ", " : "", values[i]);
    fputs("]", f);
    sep = ",";
  }
  fputs("\n}\n", f);
  fclose(f);
}

// Adds "timing: +T D NAME" lines (runtime/base/timings.h) to `sums`; returns
// the last mark's offset in ms.
double AddPhases(const std::string& text, std::map<std::string, double>* sums) {
  double last = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (!absl::ConsumePrefix(&line, "timing: +")) continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, absl::MaxSplits(' ', 2));
    double at = 0, ms = 0;
    if (f.size() != 3 || !absl::SimpleAtod(f[0], &at) || !absl::SimpleAtod(f[1], &ms)) continue;
    (*sums)[std::string(f[2])] += ms;
    last = std::max(last, at);
  }
  return last;
}

// Skips (with the reason) when the driver is unusable; true if it did.
bool SkipUnavailable(benchmark::State& state, const Driver& d) {
  if (d.available().ok()) return false;
  state.SkipWithError(std::string(d.available().message()).c_str());
  return true;
}

void Fail(benchmark::State& state, const absl::Status& s) {
  state.SkipWithError(std::string(s.ToString()).c_str());
}

absl::StatusOr<long> ReadLong(const std::string& path) {
  FILE* f = fopen(path.c_str(), "re");
  if (f == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  char buf[64] = {};
  const size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  long v = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(absl::string_view(buf, n)), &v)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": expected a number, got \"", buf, "\""));
  }
  return v;
}

void BM_Start(benchmark::State& state, Driver* d) {
  if (SkipUnavailable(state, *d)) return;
  for (auto _ : state) {
    IterationTimer t("start/" + d->name());
    if (absl::StatusOr<CommandResult> r = d->Run(env->true_bundle(), env->NewId(d->name()));
        !r.ok()) {
      Fail(state, r.status());
      break;
    }
    t.Done();
  }
}

// One start of every runtime (runc left out: its 60 ms would stretch the
// round) per iteration, in an order rotated every round. Each runtime's
// times go to samples["paired/start/<rt>"], one per round, so report.py
// takes the ratio of two runtimes round by round: what the machine's speed
// does over seconds (it moves by 20-30% here) hits both of a pair alike,
// where the batches of start/<rt> each take it in their own 0.3 s.
void BM_PairedStart(benchmark::State& state) {
  std::vector<Driver*> drivers;
  for (const auto& owned : env->drivers()) {
    if (owned->name() != "runc" && owned->available().ok()) drivers.push_back(owned.get());
  }
  size_t round = 0;
  for (auto _ : state) {
    std::vector<std::pair<std::string, double>> times;
    for (size_t k = 0; k < drivers.size(); ++k) {
      Driver* d = drivers[(round + k) % drivers.size()];
      const absl::Time start = absl::Now();
      if (absl::StatusOr<CommandResult> r = d->Run(env->true_bundle(), env->NewId(d->name()));
          !r.ok()) {
        return Fail(state, r.status());
      }
      times.emplace_back(d->name(), absl::ToDoubleMilliseconds(absl::Now() - start));
    }
    // Whole rounds only: the lists stay aligned.
    for (const auto& [name, ms] : times) samples["paired/start/" + name].push_back(ms);
    ++round;
  }
}

// The phases of one start (`run`): nsinit's CLI or a floor with
// --debug-timings, or the library's own marks. "outside main" is a
// program's wall time not covered by its marks (exec of the binary,
// loading, exit).
void BM_StartPhases(benchmark::State& state, Driver* d) {
  if (SkipUnavailable(state, *d)) return;
  std::map<std::string, double> sums;
  for (auto _ : state) {
    const absl::Time t0 = absl::Now();
    std::string text;
    if (d->name() == "nsinit-lib") {
      timings::Reset();
      absl::StatusOr<CommandResult> r = d->Run(env->true_bundle(), env->NewId(d->name()));
      if (!r.ok()) return Fail(state, r.status());
      text = timings::Report();
    } else {
      absl::StatusOr<std::vector<std::string>> argv =
          d->RunArgv(env->true_bundle(), env->NewId(d->name()));
      if (!argv.ok()) return Fail(state, argv.status());
      argv->insert(argv->begin() + 1, "--debug-timings");
      absl::StatusOr<CommandResult> r = RunCommandOk(*argv);
      if (!r.ok()) return Fail(state, r.status());
      text = r->stderr_text;
    }
    const double covered = AddPhases(text, &sums);
    if (d->name() != "nsinit-lib") {
      sums["outside main (exec, load, exit)"] +=
          absl::ToDoubleMilliseconds(absl::Now() - t0) - covered;
    }
  }
  for (const auto& [name, ms] : sums) {
    state.counters["phase:" + name] = benchmark::Counter(ms, benchmark::Counter::kAvgIterations);
  }
}

// Peak RSS of the runtime's process tree over a whole `run` lifecycle,
// through bench/maxrss (see there why not directly). Counter maxrss_kib is
// the largest over the iterations.
void BM_PeakRss(benchmark::State& state, Driver* d) {
  if (SkipUnavailable(state, *d)) return;
  const std::string out = env->ScratchFile("maxrss");
  long peak = 0;
  for (auto _ : state) {
    absl::StatusOr<std::vector<std::string>> argv =
        d->RunArgv(env->true_bundle(), env->NewId(d->name()));
    if (!argv.ok()) return Fail(state, argv.status());
    argv->insert(argv->begin(), {env->maxrss_binary(), out});
    absl::StatusOr<CommandResult> r = RunCommandOk(*argv);
    absl::StatusOr<long> kib = r.ok() ? ReadLong(out) : absl::StatusOr<long>(r.status());
    if (!kib.ok()) return Fail(state, kib.status());
    peak = std::max(peak, *kib);
  }
  state.counters["maxrss_kib"] = static_cast<double>(peak);
}

// Runs `body` against a container running `sleep` made for this benchmark
// run, and removes it afterwards.
template <typename Body>
void WithRunningContainer(benchmark::State& state, const char* op, Driver* d, Body body) {
  if (SkipUnavailable(state, *d)) return;
  const std::string id = env->NewId(d->name());
  if (absl::Status s = d->CreateRunning(env->sleep_bundle(), id); !s.ok()) {
    (void)d->Delete(id);
    Fail(state, s);
    return;
  }
  for (auto _ : state) {
    IterationTimer t(absl::StrCat(op, "/", d->name()));
    if (absl::Status s = body(id); !s.ok()) {
      Fail(state, s);
      break;
    }
    t.Done();
  }
  if (absl::Status s = d->Delete(id); !s.ok())
    fprintf(stderr, "bench: delete %s: %s\n", id.c_str(), s.ToString().c_str());
}

void BM_Exec(benchmark::State& state, Driver* d) {
  WithRunningContainer(state, "exec", d,
                       [d](const std::string& id) { return d->Exec(id, {"/bin/true"}); });
}

// The phases of one `nsinit exec` (see BM_StartPhases).
void BM_ExecPhases(benchmark::State& state, Driver* d) {
  std::map<std::string, double> sums;
  const std::string binary = env->nsinit_binary();
  const std::string root = env->StateRoot("nsinit");
  WithRunningContainer(state, "exec_phases", d, [&](const std::string& id) -> absl::Status {
    const absl::Time t0 = absl::Now();
    ASSIGN_OR_RETURN(CommandResult r, RunCommandOk({binary, "--debug-timings", "--root", root,
                                                    "exec", id, "/bin/true"}));
    const double covered = AddPhases(r.stderr_text, &sums);
    sums["outside main (exec, load, exit)"] +=
        absl::ToDoubleMilliseconds(absl::Now() - t0) - covered;
    return absl::OkStatus();
  });
  for (const auto& [name, ms] : sums) {
    state.counters["phase:" + name] = benchmark::Counter(ms, benchmark::Counter::kAvgIterations);
  }
}

void BM_PauseResume(benchmark::State& state, Driver* d) {
  WithRunningContainer(state, "pause_resume", d, [d](const std::string& id) {
    RETURN_IF_ERROR(d->Pause(id));
    return d->Resume(id);
  });
}

void BM_Sequential(benchmark::State& state, Driver* d) {
  if (SkipUnavailable(state, *d)) return;
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    for (int i = 0; i < n; ++i) {
      if (absl::StatusOr<CommandResult> r = d->Run(env->true_bundle(), env->NewId(d->name()));
          !r.ok()) {
        Fail(state, r.status());
        return;
      }
    }
  }
}

void BM_Parallel(benchmark::State& state, Driver* d) {
  if (SkipUnavailable(state, *d)) return;
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    IterationTimer t(absl::StrCat("parallel/", d->name(), "/", n));
    std::vector<RunningCommand> running;
    absl::Status failed;
    for (int i = 0; i < n && failed.ok(); ++i) {
      absl::StatusOr<RunningCommand> c = d->StartRun(env->true_bundle(), env->NewId(d->name()));
      if (c.ok()) {
        running.push_back(std::move(*c));
      } else {
        failed = c.status();
      }
    }
    for (RunningCommand& c : running) {
      absl::StatusOr<CommandResult> r = c.Wait(absl::Now() + absl::Seconds(60));
      if (!r.ok() && failed.ok()) failed = r.status();
      if (r.ok() && r->exit_code != 0 && failed.ok()) {
        failed = absl::InternalError(
            absl::StrCat(d->name(), " run exited ", r->exit_code, ": ", r->stderr_text));
      }
    }
    if (!failed.ok()) {
      Fail(state, failed);
      break;
    }
    t.Done();
  }
}

void BM_MemoryMin(benchmark::State& state, Driver* d) {
  if (SkipUnavailable(state, *d)) return;
  absl::StatusOr<testing::Bundle> bundle = env->NewTrueBundle();
  if (!bundle.ok()) return Fail(state, bundle.status());
  for (auto _ : state) {
    int trials = 0;
    absl::StatusOr<int64_t> limit = SmallestMemoryLimit(
        *d, *bundle, [d] { return env->NewId(d->name()); }, &trials);
    if (!limit.ok()) {
      Fail(state, limit.status());
      break;
    }
    state.counters["min_limit_kib"] = static_cast<double>(*limit / 1024);
    state.counters["trials"] = trials;
  }
}

// Rounds of BM_PairedStart per repetition.
constexpr int kPairedRounds = 20;

void RegisterAll() {
  benchmark::RegisterBenchmark("paired/start", BM_PairedStart)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond)
      ->Iterations(kPairedRounds);
  for (const auto& owned : env->drivers()) {
    Driver* d = owned.get();
    const std::string& n = d->name();
    benchmark::RegisterBenchmark(("start/" + n).c_str(), BM_Start, d)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const auto& owned : env->drivers()) {
    Driver* d = owned.get();
    if (d->name() == "nsinit-lib") continue;  // in-process: see the nsinit CLI row
    benchmark::RegisterBenchmark(("rss/" + d->name()).c_str(), BM_PeakRss, d)
        ->Iterations(5)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const auto& owned : env->drivers()) {
    Driver* d = owned.get();
    if (d->name() == "floor") continue;  // no running container to exec into
    benchmark::RegisterBenchmark(("exec/" + d->name()).c_str(), BM_Exec, d)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    if (d->name() == "config-floor") continue;  // no freezer work of its own
    benchmark::RegisterBenchmark(("pause_resume/" + d->name()).c_str(), BM_PauseResume, d)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const auto& owned : env->drivers()) {
    Driver* d = owned.get();
    benchmark::RegisterBenchmark(("seq/" + d->name()).c_str(), BM_Sequential, d)
        ->Arg(100)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const auto& owned : env->drivers()) {
    Driver* d = owned.get();
    if (d->name() == "nsinit-lib") continue;  // one process per container: see the CLI rows
    benchmark::RegisterBenchmark(("parallel/" + d->name()).c_str(), BM_Parallel, d)
        ->Arg(2)
        ->Arg(4)
        ->Arg(8)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  // The floors' phases are their kernel operations (--debug-timings of
  // bench/floor.cc and bench/config_floor.cc), beside nsinit's.
  for (const char* name : {"nsinit-lib", "nsinit", "config-floor", "floor"}) {
    benchmark::RegisterBenchmark(absl::StrCat("phases/start/", name).c_str(), BM_StartPhases,
                                 env->driver(name))
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("phases/exec/nsinit", BM_ExecPhases, env->driver("nsinit"))
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  for (const char* name : {"nsinit", "runc", "crun"}) {
    benchmark::RegisterBenchmark(absl::StrCat("memory_min/", name).c_str(), BM_MemoryMin,
                                 env->driver(name))
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace
}  // namespace nsinit::bench

int main(int argc, char** argv) {
  nsinit::RunIfChild(argc, argv);
  // --samples_out=FILE, anywhere: ours, taken out before Google Benchmark
  // sees the flags.
  std::string samples_out;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--samples_out=", 14) == 0) {
      samples_out = argv[i] + 14;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  benchmark::Initialize(&argc, argv);
  absl::StatusOr<std::unique_ptr<nsinit::bench::Environment>> env =
      nsinit::bench::Environment::Create(argv[0]);
  if (!env.ok()) {
    fprintf(stderr, "start_bench: %s\n", env.status().ToString().c_str());
    return 1;
  }
  nsinit::bench::env = env->get();
  if (!nsinit::bench::env->cgroup_note().empty()) {
    fprintf(stderr, "start_bench: NOTE (cgroups): %s\n", nsinit::bench::env->cgroup_note().c_str());
    benchmark::AddCustomContext("crun_cgroup_layout", nsinit::bench::env->cgroup_note());
  }
  for (const auto& d : nsinit::bench::env->drivers()) {
    if (!d->available().ok()) {
      fprintf(stderr, "start_bench: skipping %s: %s\n", d->name().c_str(),
              std::string(d->available().message()).c_str());
    }
  }
  nsinit::bench::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!samples_out.empty()) nsinit::bench::WriteSamples(samples_out);
  return 0;
}

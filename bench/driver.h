// One way of running containers, behind one interface, so every benchmark
// runs the same operations through nsinit's library, nsinit's CLI, runc,
// crun and the kernel floor.
//
// A CLI driver runs `<binary> --root <its own state dir> <verb> ...` as a
// child (command.h), exactly as a container engine would; the library
// driver calls nsinit::Container in this process; the floor driver runs
// bench/floor on the bundle's rootfs and supports only Run. An operation a
// driver cannot do returns Unimplemented with the reason, which the
// benchmark reports as a skip.
#ifndef NSINIT_BENCH_DRIVER_H_
#define NSINIT_BENCH_DRIVER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/command.h"
#include "runtime/container.h"

namespace nsinit::bench {

class Driver {
 public:
  virtual ~Driver() = default;

  const std::string& name() const { return name_; }
  // OK when usable; else the reason to skip (e.g. "crun is not installed").
  const absl::Status& available() const { return available_; }

  // Runs the bundle's process to its end (`run`); the container is gone
  // afterwards. maxrss_kib is 0 when not measurable (in-process library).
  virtual absl::StatusOr<CommandResult> Run(const std::string& bundle, const std::string& id) = 0;
  // The command line of a Run (Unimplemented for the in-process library).
  virtual absl::StatusOr<std::vector<std::string>> RunArgv(const std::string& bundle,
                                                           const std::string& id);
  // Starts RunArgv without waiting, for concurrent starts.
  absl::StatusOr<RunningCommand> StartRun(const std::string& bundle, const std::string& id);
  // create + start: the bundle's process keeps running.
  virtual absl::Status CreateRunning(const std::string& bundle, const std::string& id);
  // Runs `args` in running container `id` and waits for it.
  virtual absl::Status Exec(const std::string& id, const std::vector<std::string>& args);
  virtual absl::Status Pause(const std::string& id);
  virtual absl::Status Resume(const std::string& id);
  // Kills and removes container `id`, whatever its state.
  virtual absl::Status Delete(const std::string& id);

 protected:
  Driver(std::string name, absl::Status available)
      : name_(std::move(name)), available_(std::move(available)) {}

 private:
  std::string name_;
  absl::Status available_;
};

// nsinit, runc or crun through its command line, with state under `root`.
std::unique_ptr<Driver> MakeCliDriver(const std::string& name, const std::string& binary,
                                      const std::string& root);

// nsinit::Container in this process (the program must have called
// nsinit::RunIfChild first in main()).
std::unique_ptr<Driver> MakeLibraryDriver(const std::string& root);

// bench/floor on BUNDLE/rootfs running /bin/true.
std::unique_ptr<Driver> MakeFloorDriver(const std::string& binary);

// bench/config_floor: the floor plus the kernel work of the bundle's config
// (cgroups, mounts, devices, masking, capabilities); run, create, exec of
// /bin/true, delete.
std::unique_ptr<Driver> MakeConfigFloorDriver(const std::string& binary);

}  // namespace nsinit::bench

#endif  // NSINIT_BENCH_DRIVER_H_

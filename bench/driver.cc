#include "bench/driver.h"

#include <fcntl.h>

#include "absl/strings/str_cat.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/unique_fd.h"
#include "runtime/config/oci_config.h"
#include "tools/testing/requirements.h"

namespace nsinit::bench {
namespace {

absl::Status Unsupported(const Driver& d, absl::string_view op) {
  return absl::UnimplementedError(absl::StrCat(d.name(), " has no ", op));
}

class CliDriver : public Driver {
 public:
  CliDriver(const std::string& name, const std::string& binary, const std::string& root)
      : Driver(name, testing::NeedBinary(binary)), binary_(binary), root_(root) {}

  absl::StatusOr<CommandResult> Run(const std::string& bundle, const std::string& id) override {
    return RunCommandOk(Argv({"run", "--bundle", bundle, id}));
  }
  absl::StatusOr<std::vector<std::string>> RunArgv(const std::string& bundle,
                                                   const std::string& id) override {
    return Argv({"run", "--bundle", bundle, id});
  }
  absl::Status CreateRunning(const std::string& bundle, const std::string& id) override {
    RETURN_IF_ERROR(RunCommandOk(Argv({"create", "--bundle", bundle, id})).status());
    return RunCommandOk(Argv({"start", id})).status();
  }
  absl::Status Exec(const std::string& id, const std::vector<std::string>& args) override {
    std::vector<std::string> argv = Argv({"exec", id});
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommandOk(argv).status();
  }
  absl::Status Pause(const std::string& id) override {
    return RunCommandOk(Argv({"pause", id})).status();
  }
  absl::Status Resume(const std::string& id) override {
    return RunCommandOk(Argv({"resume", id})).status();
  }
  absl::Status Delete(const std::string& id) override {
    return RunCommandOk(Argv({"delete", "--force", id})).status();
  }

 private:
  std::vector<std::string> Argv(std::vector<std::string> rest) const {
    std::vector<std::string> argv = {binary_, "--root", root_};
    argv.insert(argv.end(), rest.begin(), rest.end());
    return argv;
  }

  std::string binary_;
  std::string root_;
};

class LibraryDriver : public Driver {
 public:
  explicit LibraryDriver(const std::string& root)
      : Driver("nsinit-lib", absl::OkStatus()),
        root_(root),
        null_(open("/dev/null", O_RDWR | O_CLOEXEC)) {}

  absl::StatusOr<CommandResult> Run(const std::string& bundle, const std::string& id) override {
    ASSIGN_OR_RETURN(Container c, Create(bundle, id));
    absl::Status started = c.Start();
    absl::StatusOr<int> code = started.ok() ? c.Wait() : absl::StatusOr<int>(started);
    absl::Status destroyed = c.Destroy(true);
    if (!code.ok()) return code.status();
    RETURN_IF_ERROR(destroyed);
    if (*code != 0) return absl::InternalError(absl::StrCat("container exited ", *code));
    CommandResult r;
    r.exit_code = *code;
    return r;
  }
  absl::StatusOr<std::vector<std::string>> RunArgv(const std::string&,
                                                   const std::string&) override {
    return absl::UnimplementedError(
        "nsinit-lib runs in the benchmark's own process; see the nsinit CLI rows");
  }
  absl::Status CreateRunning(const std::string& bundle, const std::string& id) override {
    ASSIGN_OR_RETURN(Container c, Create(bundle, id));
    if (absl::Status s = c.Start(); !s.ok()) {
      (void)c.Destroy(true);
      return s;
    }
    running_.insert_or_assign(id, std::move(c));
    return absl::OkStatus();
  }
  absl::Status Exec(const std::string& id, const std::vector<std::string>& args) override {
    ASSIGN_OR_RETURN(Container * c, Find(id));
    config::Process proc = spec_.process.value_or(config::Process());
    proc.terminal = false;
    proc.args = args;
    const int stdio[3] = {null_.get(), null_.get(), null_.get()};
    ASSIGN_OR_RETURN(process::ChildProcess child, c->Exec(proc, stdio));
    ASSIGN_OR_RETURN(int code, child.Wait());
    if (code != 0) return absl::InternalError(absl::StrCat("exec exited ", code));
    return absl::OkStatus();
  }
  absl::Status Pause(const std::string& id) override {
    ASSIGN_OR_RETURN(Container * c, Find(id));
    return c->Pause();
  }
  absl::Status Resume(const std::string& id) override {
    ASSIGN_OR_RETURN(Container * c, Find(id));
    return c->Resume();
  }
  absl::Status Delete(const std::string& id) override {
    ASSIGN_OR_RETURN(Container * c, Find(id));
    absl::Status s = c->Destroy(true);
    running_.erase(id);
    return s;
  }

 private:
  absl::StatusOr<Container> Create(const std::string& bundle, const std::string& id) {
    // Parsing is part of what the CLI pays per start, so the library pays
    // it too.
    ASSIGN_OR_RETURN(spec_, config::LoadOciBundle(bundle));
    CreateOptions o;
    o.root = root_;
    o.id = id;
    o.bundle = bundle;
    for (int& fd : o.stdio) fd = null_.get();
    return Container::Create(spec_, o);
  }
  absl::StatusOr<Container*> Find(const std::string& id) {
    auto it = running_.find(id);
    if (it == running_.end())
      return absl::NotFoundError(absl::StrCat("nsinit-lib: no container ", id));
    return &it->second;
  }

  std::string root_;
  UniqueFd null_;
  config::Spec spec_;
  std::map<std::string, Container> running_;
};

class FloorDriver : public Driver {
 public:
  explicit FloorDriver(const std::string& binary)
      : Driver("floor", testing::NeedBinary(binary)), binary_(binary) {}

  absl::StatusOr<CommandResult> Run(const std::string& bundle, const std::string&) override {
    return RunCommandOk({binary_, bundle + "/rootfs"});
  }
  absl::StatusOr<std::vector<std::string>> RunArgv(const std::string& bundle,
                                                   const std::string&) override {
    return std::vector<std::string>{binary_, bundle + "/rootfs"};
  }

 private:
  std::string binary_;
};

// bench/config_floor: the floor plus the config's kernel work. Supports
// run, create (a sleeping container), exec of /bin/true, and delete.
class ConfigFloorDriver : public Driver {
 public:
  explicit ConfigFloorDriver(const std::string& binary)
      : Driver("config-floor", testing::NeedBinary(binary)), binary_(binary) {}

  absl::StatusOr<CommandResult> Run(const std::string& bundle, const std::string& id) override {
    return RunCommandOk({binary_, "run", bundle + "/rootfs", id});
  }
  absl::StatusOr<std::vector<std::string>> RunArgv(const std::string& bundle,
                                                   const std::string& id) override {
    return std::vector<std::string>{binary_, "run", bundle + "/rootfs", id};
  }
  absl::Status CreateRunning(const std::string& bundle, const std::string& id) override {
    return RunCommandOk({binary_, "create", bundle + "/rootfs", id}).status();
  }
  absl::Status Exec(const std::string& id, const std::vector<std::string>& args) override {
    if (args != std::vector<std::string>{"/bin/true"}) {
      return absl::UnimplementedError("config-floor: exec runs /bin/true only");
    }
    return RunCommandOk({binary_, "exec", id}).status();
  }
  absl::Status Delete(const std::string& id) override {
    return RunCommandOk({binary_, "delete", id}).status();
  }

 private:
  std::string binary_;
};

}  // namespace

absl::StatusOr<std::vector<std::string>> Driver::RunArgv(const std::string&, const std::string&) {
  return Unsupported(*this, "run command line");
}
absl::StatusOr<RunningCommand> Driver::StartRun(const std::string& bundle, const std::string& id) {
  ASSIGN_OR_RETURN(std::vector<std::string> argv, RunArgv(bundle, id));
  return RunningCommand::Start(argv);
}
absl::Status Driver::CreateRunning(const std::string&, const std::string&) {
  return Unsupported(*this, "create/start (it only runs to completion)");
}
absl::Status Driver::Exec(const std::string&, const std::vector<std::string>&) {
  return Unsupported(*this, "exec");
}
absl::Status Driver::Pause(const std::string&) { return Unsupported(*this, "pause"); }
absl::Status Driver::Resume(const std::string&) { return Unsupported(*this, "resume"); }
absl::Status Driver::Delete(const std::string&) { return absl::OkStatus(); }

std::unique_ptr<Driver> MakeCliDriver(const std::string& name, const std::string& binary,
                                      const std::string& root) {
  return std::make_unique<CliDriver>(name, binary, root);
}

std::unique_ptr<Driver> MakeLibraryDriver(const std::string& root) {
  return std::make_unique<LibraryDriver>(root);
}

std::unique_ptr<Driver> MakeFloorDriver(const std::string& binary) {
  return std::make_unique<FloorDriver>(binary);
}

std::unique_ptr<Driver> MakeConfigFloorDriver(const std::string& binary) {
  return std::make_unique<ConfigFloorDriver>(binary);
}

}  // namespace nsinit::bench

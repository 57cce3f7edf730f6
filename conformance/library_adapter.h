// LibraryAdapter: drives nsinit's runtime library (//runtime,
// runtime/container.h) in-process instead of a binary.
//
// It shows that the library itself, not only the CLI around it, meets the
// spec: "run" is RunContainer, "create"/"start"/"state"/"kill"/"delete"
// are the Container methods, "wait"/"output" read the container's output
// file as for the CLI. Command-line steps ("cli", "exec", "ps", ...) return
// Unimplemented, so cases that need them skip with that reason. The
// program hosting it must call nsinit::RunIfChild first in main(): the
// container's init is this binary re-executed.
#ifndef NSINIT_CONFORMANCE_LIBRARY_ADAPTER_H_
#define NSINIT_CONFORMANCE_LIBRARY_ADAPTER_H_

#include <map>
#include <memory>
#include <string>

#include "conformance/adapter.h"

namespace nsinit {
class Container;
}

namespace nsinit::conformance {

class LibraryAdapter : public Adapter {
 public:
  LibraryAdapter();
  ~LibraryAdapter() override;

  // nsinit::RunIfChild (runtime/process/entry.h): the host program calls
  // it first in main(), so the suite's other files need no runtime header.
  static void RunIfChild(int argc, char** argv);

  // What the report says it judged: the library's own features document's
  // ociVersionMax (runtime/features/features.h, public API).
  static std::string Version();
  static std::string SpecVersion();

  std::string name() const override { return "nsinit-library"; }
  std::string deviations_name() const override { return "nsinit"; }
  std::string description() const override { return "in-process //runtime (runtime/container.h)"; }
  bool is_cli() const override { return false; }
  absl::StatusOr<StepOutput> RunStep(const rapidjson::Value& step, CaseContext& ctx) override;
  void Cleanup(CaseContext& ctx) override;
  absl::StatusOr<std::string> Features() override {
    return absl::NotFoundError("the library has no features document");
  }

 private:
  std::map<std::string, std::unique_ptr<Container>> containers_;  // by id
};

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_LIBRARY_ADAPTER_H_

// The record of what the runtime did to a container's network and must
// undo or report later: host ends of veth pairs, devices moved in
// (netDevices), the container's interfaces for statistics. Kept as
// network.json in the container's state directory, written as each step
// succeeds, so a `delete` by another process (or after a killed create)
// finds everything.
#ifndef NSINIT_RUNTIME_NETWORK_RECORD_H_
#define NSINIT_RUNTIME_NETWORK_RECORD_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace nsinit::network {

struct MovedDevice {
  std::string host_name;       // its name in the runtime's namespace
  std::string container_name;  // its name in the container's
  bool was_up = false;
  friend bool operator==(const MovedDevice&, const MovedDevice&) = default;
};

struct Record {
  std::vector<std::string> host_veths;
  std::vector<MovedDevice> moved;
  // Container-side interfaces the statistics report ("eth0", moved ones).
  std::vector<std::string> interfaces;
  // The container's namespace when it joined one by path (it outlives the
  // init; a moved device is fetched back from there).
  std::string netns_path;
  // "dev:ino" of the runtime's namespace the devices came from: they are
  // given back only there, never to whatever namespace a delete runs in.
  std::string origin_netns;
  bool empty() const { return host_veths.empty() && moved.empty() && interfaces.empty(); }
  friend bool operator==(const Record&, const Record&) = default;
};

// Called after each setup step that made something to undo.
using SaveFn = std::function<absl::Status(const Record&)>;

// DIR/network.json.
std::string RecordPath(const std::string& state_dir);
absl::Status SaveRecord(const std::string& state_dir, const Record& record);
// An empty record when there is no file.
absl::StatusOr<Record> LoadRecord(const std::string& state_dir);

// "dev:ino" of the calling thread's network namespace.
absl::StatusOr<std::string> CurrentNetnsId();

}  // namespace nsinit::network

#endif  // NSINIT_RUNTIME_NETWORK_RECORD_H_

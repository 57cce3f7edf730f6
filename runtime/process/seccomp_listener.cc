#include "runtime/process/seccomp_listener.h"

#include <linux/seccomp.h>
#include <sys/socket.h>

#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/base/status_macros.h"
#include "runtime/base/unix_socket.h"

namespace nsinit {

absl::StatusOr<UniqueFd> ConnectSeccompListener(const std::string& path) {
  // A path longer than sun_path is reached through /proc/self/fd (UnixConnect).
  absl::StatusOr<UniqueFd> sock = UnixConnect(path, SOCK_STREAM);
  if (!sock.ok()) return Annotate(sock.status(), "linux.seccomp.listenerPath");
  return sock;
}

std::string SeccompProcessState(const state::State& st, pid_t pid, const std::string& metadata) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("ociVersion");
  w.String(st.oci_version);
  w.Key("fds");
  w.StartArray();
  w.String("seccompFd");
  w.EndArray();
  w.Key("pid");
  w.Int(pid);
  if (!metadata.empty()) {
    w.Key("metadata");
    w.String(metadata);
  }
  w.Key("state");
  rapidjson::Document doc;
  doc.Parse(state::ToJson(st, /*oci_only=*/true).c_str());
  doc.Accept(w);
  w.EndObject();
  return buf.GetString();
}

absl::StatusOr<UniqueFd> ConnectSeccompListenerFor(const config::Spec& spec,
                                                   const process::BuiltPlan& built) {
  if (!(built.plan.seccomp_flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)) return UniqueFd();
  if (!spec.linux.seccomp || spec.linux.seccomp->listener_path.empty()) {
    return absl::InvalidArgumentError(
        "linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY");
  }
  return ConnectSeccompListener(spec.linux.seccomp->listener_path);
}

}  // namespace nsinit

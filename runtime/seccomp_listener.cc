#include "runtime/seccomp_listener.h"

#include <linux/seccomp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/base/errno_status.h"

namespace nsinit {

absl::StatusOr<UniqueFd> ConnectSeccompListener(const std::string& path) {
  UniqueFd sock(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!sock) return LastErrnoStatus("linux.seccomp.listenerPath: socket AF_UNIX SOCK_STREAM");
  struct sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("linux.seccomp.listenerPath: longer than a unix socket path may be: ", path));
  }
  memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return LastErrnoStatus(absl::StrCat("linux.seccomp.listenerPath: connect ", path));
  }
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

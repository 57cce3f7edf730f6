#include "runtime/process/exec_child.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "runtime/process/report_child.h"

namespace nsinit::process {
namespace {

const char* FindEnv(const InitPlan& plan, const char* key) {
  size_t klen = strlen(key);
  for (const std::string& kv : plan.envp) {
    if (kv.size() > klen && kv.compare(0, klen, key) == 0 && kv[klen] == '=') {
      return kv.c_str() + klen + 1;
    }
  }
  return nullptr;
}

// The path of plan.argv[0], resolved as the final user.
std::string LookUpPath(const InitPlan& plan) {
  const std::string& name = plan.argv[0];
  if (name.find('/') != std::string::npos) {
    if (access(name.c_str(), X_OK) != 0) FailInChild(ChildStep::kLookupExecutable, name.c_str());
    return name;
  }
  const char* path = FindEnv(plan, "PATH");
  if (path == nullptr) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  int last_error = ENOENT;
  for (const char* dir = path;; ++dir) {
    const char* end = strchr(dir, ':');
    if (end == nullptr) end = dir + strlen(dir);
    size_t len = static_cast<size_t>(end - dir);
    if (len < PATH_MAX) {  // else no such directory
      std::string candidate = len == 0 ? std::string(".") : std::string(dir, len);
      candidate += '/';
      candidate += name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
      if (errno != ENOENT && errno != ENOTDIR) last_error = errno;
    }
    if (*end == '\0') break;
    dir = end;
  }
  FailInChild(ChildStep::kLookupExecutable, last_error, name + " (not found in $PATH)");
}

}  // namespace

std::vector<char*> CStringArray(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

ExecCall LookUpExecutableInChild(const InitPlan& plan) {
  ExecCall call;
  call.path = LookUpPath(plan);
  call.argv = CStringArray(plan.argv);
  call.envp = CStringArray(plan.envp);
  return call;
}

void ExecInChild(const ExecCall& call) {
  execve(call.path.c_str(), call.argv.data(), call.envp.data());
  FailInChild(ChildStep::kExec, call.path.c_str());
}

}  // namespace nsinit::process

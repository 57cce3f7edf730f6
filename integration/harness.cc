#include "integration/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/oci_config.h"
#include "tools/testing/json_merge_patch.h"

namespace nsinit::integration {

std::string Runfile(absl::string_view path) {
  const char* srcdir = getenv("TEST_SRCDIR");
  return absl::StrCat(srcdir ? srcdir : ".", "/nsinit/", path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ProbePath() { return Runfile("conformance/probe/probe"); }

testing::RootfsBuilder ProbeRootfs() {
  testing::RootfsBuilder b;
  b.AddBinary(ProbePath(), "/probe");
  return b;
}

absl::StatusOr<Harness> Harness::Create(absl::string_view patch, testing::RootfsBuilder rootfs) {
  ASSIGN_OR_RETURN(testing::Bundle bundle, testing::Bundle::Create(rootfs, patch));
  ASSIGN_OR_RETURN(testing::TempDir state, testing::TempDir::Create("state"));
  return Harness(std::string(patch), std::move(bundle), std::move(state));
}

absl::StatusOr<config::Spec> Harness::Spec() const { return config::LoadOciBundle(bundle_.path()); }

CreateOptions Harness::Options(const std::string& id) const {
  CreateOptions o;
  o.root = state_root_;
  o.id = id;
  o.bundle = bundle_.path();
  return o;
}

absl::StatusOr<Output> Harness::Run(const std::string& id) {
  ASSIGN_OR_RETURN(config::Spec spec, Spec());
  return Run(spec, Options(id));
}

absl::StatusOr<Output> Harness::Run(const config::Spec& spec, CreateOptions options) {
  CaptureFile out, err;
  options.stdio[1] = out.fd();
  options.stdio[2] = err.fd();
  ASSIGN_OR_RETURN(Container c, Container::Create(spec, options));
  absl::Cleanup destroy = [&c] { (void)c.Destroy(true); };
  RETURN_IF_ERROR(c.Start());
  Output result;
  ASSIGN_OR_RETURN(result.exit_code, c.Wait());
  result.out = out.Read();
  result.err = err.Read();
  return result;
}

absl::StatusOr<int> Harness::ExecExitCode(const std::vector<std::string>& args,
                                          const std::string& id) {
  ASSIGN_OR_RETURN(config::Spec spec, Spec());
  ASSIGN_OR_RETURN(Container c, Container::Create(spec, Options(id)));
  absl::Cleanup destroy = [&c] { (void)c.Destroy(true); };
  RETURN_IF_ERROR(c.Start());
  config::Process p = *spec.process;
  p.args = args;
  ASSIGN_OR_RETURN(process::ChildProcess child, c.Exec(p));
  return child.Wait();
}

absl::StatusOr<rapidjson::Document> Harness::Probe(const std::vector<std::string>& args,
                                                   const std::string& id) {
  std::string args_json = "[\"/probe\"";
  for (const std::string& a : args) absl::StrAppend(&args_json, ",\"", a, "\"");
  args_json += "]";
  RETURN_IF_ERROR(Repatch(absl::StrCat(R"({"process": {"args": )", args_json, "}}")));
  ASSIGN_OR_RETURN(Output o, Run(id));
  if (o.exit_code != 0) {
    return absl::InternalError(absl::StrCat("probe exited ", o.exit_code, ": ", o.err));
  }
  return ParseJson(o.out);
}

absl::Status Harness::Repatch(absl::string_view patch) {
  // RFC 7386 patches compose: applying p1 then p2 is applying merge(p1, p2).
  ASSIGN_OR_RETURN(std::string merged, testing::JsonMergePatch(patch_, patch));
  return bundle_.RewriteConfig(merged);
}

pid_t StartRuntime(const std::string& bin, const std::string& root,
                   const std::vector<std::string>& args, int in, int out, int err,
                   const std::string& cwd) {
  std::vector<char*> argv = {const_cast<char*>(bin.c_str()), const_cast<char*>("--root"),
                             const_cast<char*>(root.c_str())};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(in >= 0 ? in : null, 0);
    dup2(out >= 0 ? out : null, 1);
    dup2(err >= 0 ? err : null, 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int WaitExitCode(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Output RunRuntime(const std::string& bin, const std::string& root,
                  const std::vector<std::string>& args) {
  CaptureFile out, err;
  Output r;
  r.exit_code = WaitExitCode(StartRuntime(bin, root, args, -1, out.fd(), err.fd()));
  r.out = out.Read();
  r.err = err.Read();
  return r;
}

CaptureFile::CaptureFile() {
  std::string dir = testing::TestTmpRoot();
  fd_ = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

CaptureFile::~CaptureFile() {
  if (fd_ >= 0) close(fd_);
}

std::string CaptureFile::Read() const {
  std::string data;
  char buf[65536];
  off_t offset = 0;
  ssize_t n;
  while ((n = pread(fd_, buf, sizeof(buf), offset)) > 0) {
    data.append(buf, n);
    offset += n;
  }
  return data;
}

rapidjson::Document ProbeFacts(absl::string_view patch) {
  absl::StatusOr<Harness> h = Harness::Create(patch);
  EXPECT_TRUE(h.ok()) << h.status();
  if (!h.ok()) return rapidjson::Document();
  absl::StatusOr<rapidjson::Document> facts = h->Probe({"facts"});
  EXPECT_TRUE(facts.ok()) << facts.status();
  return facts.ok() ? *std::move(facts) : rapidjson::Document();
}

absl::StatusOr<rapidjson::Document> ParseJson(absl::string_view text) {
  rapidjson::Document d;
  d.Parse(text.data(), text.size());
  if (d.HasParseError()) {
    return absl::InvalidArgumentError(absl::StrCat("not JSON: ", text.substr(0, 500)));
  }
  return d;
}

const rapidjson::Value* FindMount(const rapidjson::Value& facts, absl::string_view mount_point) {
  const rapidjson::Value* found = nullptr;
  for (const auto& m : facts["mounts"].GetArray()) {
    // The last mount at a point is the visible one.
    if (m["mount_point"].GetString() == mount_point) found = &m;
  }
  return found;
}

const rapidjson::Value* FindDevice(const rapidjson::Value& facts, absl::string_view path) {
  for (const auto& d : facts["devices"].GetArray()) {
    if (d["path"].GetString() == path) return &d;
  }
  return nullptr;
}

std::vector<std::string> Strings(const rapidjson::Value& array) {
  std::vector<std::string> out;
  for (const auto& v : array.GetArray()) out.emplace_back(v.GetString());
  return out;
}

}  // namespace nsinit::integration

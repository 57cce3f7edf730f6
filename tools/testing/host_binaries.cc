#include "tools/testing/host_binaries.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"

namespace nsinit::testing {

using ::nsinit::conformance::ErrnoStatus;
using ::nsinit::conformance::UniqueFd;
namespace {

constexpr char kBusyboxHelp[] =
    "tests need Debian's static busybox: apt-get install busybox-static "
    "(tools/setup installs it)";

absl::Status PreadExact(int fd, void* buf, size_t size, off_t offset, absl::string_view path) {
  ssize_t n = pread(fd, buf, size, offset);
  if (n < 0) return ErrnoStatus(errno, absl::StrCat("read ", path));
  if (static_cast<size_t>(n) != size) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not an ELF executable (short read)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RunAndCapture(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return ErrnoStatus(errno, "pipe2");
  UniqueFd read_end(pipe_fds[0]);
  UniqueFd write_end(pipe_fds[1]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return ErrnoStatus(errno, "fork");
  if (pid == 0) {
    dup2(write_end.get(), STDOUT_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  write_end.reset();
  std::string out;
  char buf[8192];
  while (true) {
    ssize_t n = read(read_end.get(), buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat(argv[0], " ", argv.size() > 1 ? argv[1] : "",
                                            " failed (status ", status, ")"));
  }
  return out;
}

}  // namespace

absl::Status CheckStaticElf(absl::string_view path) {
  std::string p(path);
  UniqueFd fd(open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return ErrnoStatus(errno, absl::StrCat("open ", p));
  Elf64_Ehdr eh;
  RETURN_IF_ERROR(PreadExact(fd.get(), &eh, sizeof(eh), 0, p));
  if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64) {
    return absl::InvalidArgumentError(absl::StrCat(p, ": not a 64-bit ELF executable"));
  }
  for (int i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    RETURN_IF_ERROR(PreadExact(fd.get(), &ph, sizeof(ph), eh.e_phoff + i * eh.e_phentsize, p));
    if (ph.p_type == PT_INTERP) {
      return absl::FailedPreconditionError(
          absl::StrCat(p,
                       " is dynamically linked (has PT_INTERP); a test rootfs has no "
                       "shared libraries, so it needs a static binary"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FindBusybox() {
  const char* env = getenv("NSINIT_BUSYBOX");
  std::string path = (env != nullptr && *env != '\0') ? env : "/bin/busybox";
  if (access(path.c_str(), X_OK) != 0) {
    return ErrnoStatus(errno,
                       absl::StrCat("busybox not found (access ", path, " X_OK); ", kBusyboxHelp));
  }
  if (absl::Status s = CheckStaticElf(path); !s.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(s.message(), "; ", kBusyboxHelp));
  }
  return path;
}

absl::StatusOr<std::vector<std::string>> BusyboxApplets(absl::string_view busybox) {
  static absl::Mutex mu(absl::kConstInit);
  static auto* cache ABSL_GUARDED_BY(mu) = new std::map<std::string, std::vector<std::string>>();
  std::string key(busybox);
  absl::MutexLock lock(&mu);
  if (auto it = cache->find(key); it != cache->end()) return it->second;
  ASSIGN_OR_RETURN(std::string out, RunAndCapture({key, "--list-full"}));
  std::vector<std::string> applets = absl::StrSplit(out, '\n', absl::SkipWhitespace());
  if (applets.empty()) {
    return absl::InternalError(absl::StrCat(key, " --list-full listed no applets"));
  }
  (*cache)[key] = applets;
  return applets;
}

absl::Status CopyFileAt(absl::string_view src, int dir_fd, absl::string_view name, mode_t mode) {
  std::string src_path(src);
  std::string dst_name(name);
  UniqueFd in(open(src_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in) return ErrnoStatus(errno, absl::StrCat("open ", src_path));
  UniqueFd out(
      openat(dir_fd, dst_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!out) return ErrnoStatus(errno, absl::StrCat("create ", dst_name));
  bool fallback = false;
  while (!fallback) {
    ssize_t n = copy_file_range(in.get(), nullptr, out.get(), nullptr, 1 << 30, 0);
    if (n == 0) break;
    if (n > 0) continue;
    if (errno == EINTR) continue;
    if (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP) {
      fallback = true;
    } else {
      return ErrnoStatus(errno, absl::StrCat("copy_file_range ", src_path, " to ", dst_name));
    }
  }
  if (fallback) {
    char buf[1 << 16];
    while (true) {
      ssize_t n = read(in.get(), buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoStatus(errno, absl::StrCat("read ", src_path));
      if (n == 0) break;
      for (ssize_t done = 0; done < n;) {
        ssize_t w = write(out.get(), buf + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return ErrnoStatus(errno, absl::StrCat("write ", dst_name));
        done += w;
      }
    }
  }
  // The mode given to openat is filtered by the umask; set it exactly.
  if (fchmod(out.get(), mode) != 0) {
    return ErrnoStatus(errno, absl::StrCat("fchmod ", dst_name));
  }
  return absl::OkStatus();
}

}  // namespace nsinit::testing

#include "conformance/probe/facts.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "conformance/probe/names.h"
#include "conformance/probe/proc_files.h"

extern char** environ;

namespace nsinit::probe {
namespace {

constexpr size_t kMaxProcFile = 1 << 20;

void Key(JsonWriter& w, const char* key) { WriteString(w, key); }

void WriteIds(JsonWriter& w) {
  Key(w, "pid");
  w.Int(getpid());
  Key(w, "ppid");
  w.Int(getppid());
  Key(w, "uid");
  w.Uint(getuid());
  Key(w, "gid");
  w.Uint(getgid());
  Key(w, "euid");
  w.Uint(geteuid());
  Key(w, "egid");
  w.Uint(getegid());
  Key(w, "groups");
  w.StartArray();
  int n = getgroups(0, nullptr);
  if (n > 0) {
    std::vector<gid_t> groups(static_cast<size_t>(n));
    n = getgroups(n, groups.data());
    for (int i = 0; i < n; ++i) w.Uint(groups[static_cast<size_t>(i)]);
  }
  w.EndArray();
}

void WriteCwdUmaskEnv(JsonWriter& w, int argc, char** argv) {
  Key(w, "cwd");
  char buf[4096];
  if (getcwd(buf, sizeof(buf)) != nullptr) {
    WriteString(w, buf);
  } else {
    w.Null();
  }
  // umask(2) can only be read by setting it; put it straight back.
  mode_t mask = umask(0);
  umask(mask);
  WriteKeyString(w, "umask", OctalMode(mask));
  Key(w, "argv");
  w.StartArray();
  for (int i = 0; i < argc; ++i) WriteString(w, argv[i]);
  w.EndArray();
  Key(w, "env");
  w.StartArray();
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) WriteString(w, *e);
  w.EndArray();
}

void WriteUts(JsonWriter& w) {
  struct utsname u;
  if (uname(&u) != 0) {
    Key(w, "hostname");
    w.Null();
    Key(w, "domainname");
    w.Null();
    return;
  }
  WriteKeyString(w, "hostname", u.nodename);
  WriteKeyString(w, "domainname", u.domainname);
}

void WriteCapSet(JsonWriter& w, const char* key, const std::string& hex) {
  Key(w, key);
  if (hex.empty()) {
    w.Null();
    return;
  }
  uint64_t mask = strtoull(hex.c_str(), nullptr, 16);
  w.StartObject();
  WriteKeyString(w, "hex", hex);
  Key(w, "names");
  w.StartArray();
  for (int bit = 0; bit < 64; ++bit) {
    if (mask & (uint64_t{1} << bit)) WriteString(w, CapName(bit));
  }
  w.EndArray();
  w.EndObject();
}

// Capabilities, no_new_privs and seccomp come from /proc/self/status
// (proc(5)): it reports all of them without libcap or prctl probing.
void WriteStatusFacts(JsonWriter& w) {
  std::string status;
  int err = ReadFileInto("/proc/self/status", kMaxProcFile, &status);
  Key(w, "caps");
  w.StartObject();
  WriteCapSet(w, "bounding", ProcStatusField(status, "CapBnd"));
  WriteCapSet(w, "effective", ProcStatusField(status, "CapEff"));
  WriteCapSet(w, "permitted", ProcStatusField(status, "CapPrm"));
  WriteCapSet(w, "inheritable", ProcStatusField(status, "CapInh"));
  WriteCapSet(w, "ambient", ProcStatusField(status, "CapAmb"));
  w.EndObject();
  auto int_field = [&](const char* key, const char* field) {
    Key(w, key);
    std::string v = ProcStatusField(status, field);
    if (v.empty()) {
      w.Null();
    } else {
      w.Int(atoi(v.c_str()));
    }
  };
  int_field("no_new_privs", "NoNewPrivs");
  int_field("seccomp", "Seccomp");
  int_field("seccomp_filters", "Seccomp_filters");
  if (err != 0) WriteErrno(w, "status_errno", err);
}

void WriteRlimits(JsonWriter& w) {
  Key(w, "rlimits");
  w.StartObject();
  for (int i = 0; i < kRlimitCount; ++i) {
    struct rlimit rl;
    Key(w, kRlimits[i].name);
    if (getrlimit(static_cast<__rlimit_resource>(kRlimits[i].resource), &rl) != 0) {
      w.Null();
      continue;
    }
    // RLIM_INFINITY is reported as -1 so every value is a JSON integer.
    auto value = [&](rlim_t v) {
      if (v == RLIM_INFINITY) {
        w.Int(-1);
      } else {
        w.Uint64(v);
      }
    };
    w.StartObject();
    Key(w, "soft");
    value(rl.rlim_cur);
    Key(w, "hard");
    value(rl.rlim_max);
    w.EndObject();
  }
  w.EndObject();
}

std::vector<std::string> SortedDir(const std::string& path, int* err) {
  std::vector<std::string> names;
  *err = 0;
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) {
    *err = errno;
    return names;
  }
  while (struct dirent* e = readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

void WriteNamespaces(JsonWriter& w) {
  Key(w, "namespaces");
  w.StartObject();
  int err = 0;
  for (const std::string& name : SortedDir("/proc/self/ns", &err)) {
    std::string target;
    Key(w, name.c_str());
    if (ReadLink("/proc/self/ns/" + name, &target) == 0) {
      WriteString(w, target);
    } else {
      w.Null();
    }
  }
  w.EndObject();
  if (err != 0) WriteErrno(w, "namespaces_errno", err);
}

void WriteStringArray(JsonWriter& w, const char* key, const std::vector<std::string>& values) {
  Key(w, key);
  w.StartArray();
  for (const std::string& v : values) WriteString(w, v);
  w.EndArray();
}

char TypeLetter(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFCHR:
      return 'c';
    case S_IFBLK:
      return 'b';
    case S_IFLNK:
      return 'l';
    case S_IFDIR:
      return 'd';
    case S_IFIFO:
      return 'p';
    case S_IFSOCK:
      return 's';
    default:
      return 'f';
  }
}

void WalkDevices(JsonWriter& w, const std::string& dir) {
  int err = 0;
  for (const std::string& name : SortedDir(dir, &err)) {
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    char type = TypeLetter(st.st_mode);
    w.StartObject();
    WriteKeyString(w, "path", path);
    WriteKeyString(w, "type", std::string(1, type));
    Key(w, "major");
    w.Uint(major(st.st_rdev));
    Key(w, "minor");
    w.Uint(minor(st.st_rdev));
    WriteKeyString(w, "mode", OctalMode(st.st_mode));
    Key(w, "uid");
    w.Uint(st.st_uid);
    Key(w, "gid");
    w.Uint(st.st_gid);
    if (type == 'l') {
      std::string target;
      Key(w, "link");
      if (ReadLink(path, &target) == 0) {
        WriteString(w, target);
      } else {
        w.Null();
      }
    }
    w.EndObject();
    if (type == 'd') WalkDevices(w, path);
  }
}

void WriteCgroupOomTty(JsonWriter& w) {
  std::string text;
  int err = ReadFileInto("/proc/self/oom_score_adj", 64, &text);
  Key(w, "oom_score_adj");
  if (err == 0) {
    w.Int(atoi(text.c_str()));
  } else {
    w.Null();
  }
  err = ReadFileInto("/proc/self/cgroup", kMaxProcFile, &text);
  WriteStringArray(w, "cgroup", err == 0 ? Split(text, '\n') : std::vector<std::string>{});
  Key(w, "tty");
  w.StartObject();
  Key(w, "stdin");
  w.Bool(isatty(0));
  Key(w, "stdout");
  w.Bool(isatty(1));
  Key(w, "stderr");
  w.Bool(isatty(2));
  Key(w, "name");
  const char* name = ttyname(0);
  if (name != nullptr) {
    WriteString(w, name);
  } else {
    w.Null();
  }
  w.EndObject();
}

// A fixed set of sysctls conformance cases commonly set; `probe sysctl NAME`
// reads any other.
void WriteSysctls(JsonWriter& w) {
  static constexpr const char* kSysctls[] = {
      "kernel.domainname", "kernel.hostname",     "kernel.shmmax",
      "kernel.msgmax",     "net.ipv4.ip_forward", "net.core.somaxconn",
  };
  Key(w, "sysctls");
  w.StartObject();
  for (const char* name : kSysctls) {
    std::string path = "/proc/sys/" + std::string(name);
    std::replace(path.begin(), path.end(), '.', '/');
    std::string value;
    Key(w, name);
    if (ReadFileInto(path, 4096, &value) == 0) {
      WriteString(w, TrimRight(value));
    } else {
      w.Null();
    }
  }
  w.EndObject();
}

void WriteMisc(JsonWriter& w) {
  struct statvfs sv;
  Key(w, "root_readonly");
  if (statvfs("/", &sv) == 0) {
    w.Bool((sv.f_flag & ST_RDONLY) != 0);
  } else {
    w.Null();
  }
  // personality(0xffffffff) queries without changing (personality(2)).
  Key(w, "personality");
  w.Int(personality(0xffffffff));
}

}  // namespace

void WriteFds(JsonWriter& w) {
  Key(w, "fds");
  w.StartArray();
  DIR* dir = opendir("/proc/self/fd");
  if (dir != nullptr) {
    std::vector<int> fds;
    while (struct dirent* e = readdir(dir)) {
      if (e->d_name[0] == '.') continue;
      int fd = atoi(e->d_name);
      if (fd != dirfd(dir)) fds.push_back(fd);
    }
    closedir(dir);
    std::sort(fds.begin(), fds.end());
    for (int fd : fds) {
      std::string target;
      w.StartObject();
      Key(w, "fd");
      w.Int(fd);
      Key(w, "target");
      if (ReadLink("/proc/self/fd/" + std::to_string(fd), &target) == 0) {
        WriteString(w, target);
      } else {
        w.Null();
      }
      w.EndObject();
    }
  }
  w.EndArray();
}

void WriteMounts(JsonWriter& w) {
  std::string text;
  int err = ReadFileInto("/proc/self/mountinfo", kMaxProcFile * 16, &text);
  Key(w, "mounts");
  w.StartArray();
  for (const MountInfo& m : ParseMountInfo(text)) {
    w.StartObject();
    Key(w, "mount_id");
    w.Int(m.mount_id);
    Key(w, "parent_id");
    w.Int(m.parent_id);
    WriteKeyString(w, "mount_point", m.mount_point);
    WriteKeyString(w, "root", m.root);
    WriteKeyString(w, "fs_type", m.fs_type);
    WriteKeyString(w, "source", m.source);
    WriteKeyString(w, "major_minor", m.major_minor);
    WriteStringArray(w, "options", m.options);
    WriteStringArray(w, "super_options", m.super_options);
    WriteStringArray(w, "propagation", m.propagation);
    w.EndObject();
  }
  w.EndArray();
  if (err != 0) WriteErrno(w, "mounts_errno", err);
}

void WriteDevices(JsonWriter& w) {
  Key(w, "devices");
  w.StartArray();
  WalkDevices(w, "/dev");
  w.EndArray();
}

void WriteFacts(JsonWriter& w, int argc, char** argv) {
  w.StartObject();
  WriteKeyString(w, "verb", "facts");
  WriteIds(w);
  WriteCwdUmaskEnv(w, argc, argv);
  WriteUts(w);
  WriteStatusFacts(w);
  WriteRlimits(w);
  WriteNamespaces(w);
  WriteMounts(w);
  WriteDevices(w);
  WriteFds(w);
  WriteCgroupOomTty(w);
  WriteSysctls(w);
  WriteMisc(w);
  w.EndObject();
}

}  // namespace nsinit::probe

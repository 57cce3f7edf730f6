#include "conformance/probe/file_verbs.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "conformance/probe/names.h"
#include "conformance/probe/proc_files.h"

namespace nsinit::probe {
namespace {

constexpr size_t kMaxContent = 4096;

void Key(JsonWriter& w, const char* key) { WriteString(w, key); }

void Result(JsonWriter& w, int err) {
  Key(w, "ok");
  w.Bool(err == 0);
  WriteErrno(w, "errno", err);
}

int WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    done += static_cast<size_t>(n);
  }
  return 0;
}

void WriteWithFlags(JsonWriter& w, const char* verb, const std::string& path,
                    const std::string& data, int flags) {
  int err = 0;
  int fd = open(path.c_str(), flags | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd < 0) {
    err = errno;
  } else {
    err = WriteAll(fd, data);
    if (close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
  }
  w.StartObject();
  WriteKeyString(w, "verb", verb);
  WriteKeyString(w, "path", path);
  Result(w, err);
  w.EndObject();
}

const char* TypeName(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFCHR:
      return "c";
    case S_IFBLK:
      return "b";
    case S_IFLNK:
      return "l";
    case S_IFDIR:
      return "d";
    case S_IFIFO:
      return "p";
    case S_IFSOCK:
      return "s";
    default:
      return "f";
  }
}

}  // namespace

void VerbRead(JsonWriter& w, const std::string& path) {
  std::string content;
  // One byte more than reported tells whether the file was cut.
  int err = ReadFileInto(path, kMaxContent + 1, &content);
  bool truncated = content.size() > kMaxContent;
  if (truncated) content.resize(kMaxContent);
  w.StartObject();
  WriteKeyString(w, "verb", "read");
  WriteKeyString(w, "path", path);
  Result(w, err);
  WriteBytes(w, "content", content);
  Key(w, "truncated");
  w.Bool(truncated);
  w.EndObject();
}

void VerbWrite(JsonWriter& w, const std::string& path, const std::string& data) {
  WriteWithFlags(w, "write", path, data, O_WRONLY);
}

void VerbWriteFile(JsonWriter& w, const std::string& path, const std::string& data) {
  WriteWithFlags(w, "write-file", path, data, O_WRONLY | O_CREAT | O_TRUNC);
}

void VerbStat(JsonWriter& w, const std::string& path) {
  struct stat st;
  int err = lstat(path.c_str(), &st) == 0 ? 0 : errno;
  w.StartObject();
  WriteKeyString(w, "verb", "stat");
  WriteKeyString(w, "path", path);
  Key(w, "exists");
  w.Bool(err == 0);
  WriteErrno(w, "errno", err);
  if (err == 0) {
    WriteKeyString(w, "type", TypeName(st.st_mode));
    WriteKeyString(w, "mode", OctalMode(st.st_mode));
    Key(w, "uid");
    w.Uint(st.st_uid);
    Key(w, "gid");
    w.Uint(st.st_gid);
    Key(w, "major");
    w.Uint(major(st.st_rdev));
    Key(w, "minor");
    w.Uint(minor(st.st_rdev));
    Key(w, "size");
    w.Int64(st.st_size);
    Key(w, "link");
    std::string target;
    if (S_ISLNK(st.st_mode) && ReadLink(path, &target) == 0) {
      WriteString(w, target);
    } else {
      w.Null();
    }
  }
  w.EndObject();
}

void VerbStatfs(JsonWriter& w, const std::string& path) {
  struct statfs sf;
  int err = statfs(path.c_str(), &sf) == 0 ? 0 : errno;
  w.StartObject();
  WriteKeyString(w, "verb", "statfs");
  WriteKeyString(w, "path", path);
  Result(w, err);
  if (err == 0) {
    unsigned long magic = static_cast<unsigned long>(sf.f_type);
    WriteKeyString(w, "fs_type", FsMagicName(magic));
    char hex[32];
    snprintf(hex, sizeof(hex), "0x%lx", magic);
    WriteKeyString(w, "magic", hex);
    // f_flags carries the ST_* mount flags (statfs(2), Linux >= 2.6.36).
    static constexpr struct {
      unsigned long bit;
      const char* name;
    } kFlags[] = {
        {ST_RDONLY, "ro"},       {ST_NOSUID, "nosuid"},         {ST_NODEV, "nodev"},
        {ST_NOEXEC, "noexec"},   {ST_SYNCHRONOUS, "sync"},      {ST_MANDLOCK, "mand"},
        {ST_NOATIME, "noatime"}, {ST_NODIRATIME, "nodiratime"}, {ST_RELATIME, "relatime"},
        {0x2000, "nosymfollow"},
    };
    Key(w, "flags");
    w.StartArray();
    for (const auto& f : kFlags) {
      if (static_cast<unsigned long>(sf.f_flags) & f.bit) {
        WriteString(w, f.name);
      }
    }
    w.EndArray();
  }
  w.EndObject();
}

void VerbSysctl(JsonWriter& w, const std::string& name) {
  std::string rel = name;
  if (rel.find('/') == std::string::npos) {
    std::replace(rel.begin(), rel.end(), '.', '/');
  }
  std::string path = "/proc/sys/" + rel;
  std::string value;
  int err = ReadFileInto(path, kMaxContent, &value);
  w.StartObject();
  WriteKeyString(w, "verb", "sysctl");
  WriteKeyString(w, "name", name);
  WriteKeyString(w, "path", path);
  Result(w, err);
  Key(w, "value");
  if (err == 0) {
    WriteString(w, TrimRight(value));
  } else {
    w.Null();
  }
  w.EndObject();
}

void VerbMknod(JsonWriter& w, const std::string& path, const std::string& type, unsigned maj,
               unsigned min) {
  mode_t kind = type == "b" ? S_IFBLK : S_IFCHR;
  int err = mknod(path.c_str(), kind | 0666, makedev(maj, min)) == 0 ? 0 : errno;
  w.StartObject();
  WriteKeyString(w, "verb", "mknod");
  WriteKeyString(w, "path", path);
  Result(w, err);
  w.EndObject();
}

void VerbOpen(JsonWriter& w, const std::string& path, const std::string& mode) {
  int flags = mode == "w" ? O_WRONLY : mode == "rw" ? O_RDWR : O_RDONLY;
  // O_NONBLOCK: a tty or fifo must not block the probe; O_NOCTTY: opening a
  // terminal never makes it the controlling one.
  int fd = open(path.c_str(), flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  int err = fd >= 0 ? 0 : errno;
  if (fd >= 0) close(fd);
  w.StartObject();
  WriteKeyString(w, "verb", "open");
  WriteKeyString(w, "path", path);
  WriteKeyString(w, "mode", mode == "w" || mode == "rw" ? mode : "r");
  Result(w, err);
  w.EndObject();
}

}  // namespace nsinit::probe

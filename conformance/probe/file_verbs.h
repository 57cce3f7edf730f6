// Verbs that look at or change one path: read, write, write-file, stat,
// statfs, sysctl.
//
// Each prints one object with "ok" and "errno" (a name or null), so a case
// can assert "writing /proc/sys/... fails with EROFS" as easily as success.
// Paths are used exactly as given; nothing is resolved or followed beyond
// what the named syscall does itself.
#ifndef NSINIT_CONFORMANCE_PROBE_FILE_VERBS_H_
#define NSINIT_CONFORMANCE_PROBE_FILE_VERBS_H_

#include <string>

#include "conformance/probe/json_out.h"

namespace nsinit::probe {

// {"verb":"read","path","ok","errno","content" (<= 4096 bytes),"truncated"}
void VerbRead(JsonWriter& w, const std::string& path);

// Writes `data` to an existing file (O_WRONLY, no create/truncate): for
// /proc, /sys and cgroup files. {"verb":"write","path","ok","errno"}
void VerbWrite(JsonWriter& w, const std::string& path, const std::string& data);

// Creates or truncates `path` (mode 0644) and writes `data`.
void VerbWriteFile(JsonWriter& w, const std::string& path, const std::string& data);

// lstat(2): {"verb":"stat","path","exists","errno","type","mode","uid",
// "gid","major","minor","size","link"}
void VerbStat(JsonWriter& w, const std::string& path);

// statfs(2): {"verb":"statfs","path","ok","errno","fs_type","magic",
// "flags":["ro","nosuid",...]}
void VerbStatfs(JsonWriter& w, const std::string& path);

// Reads /proc/sys/<name with dots as slashes>; a name containing '/' is
// used as a path below /proc/sys as is.
// {"verb":"sysctl","name","path","ok","errno","value"}
void VerbSysctl(JsonWriter& w, const std::string& name);

// mknod(PATH, S_IFCHR or S_IFBLK (TYPE "c" or "b") | 0666, MAJOR:MINOR).
// {"verb":"mknod","path","ok","errno"}.
void VerbMknod(JsonWriter& w, const std::string& path, const std::string& type, unsigned maj,
               unsigned min);

// open(PATH) read-only ("r"), write-only ("w") or read-write ("rw"),
// non-blocking, then close: {"verb":"open","path","mode","ok","errno"}.
// How device cgroup rules are observed (EPERM when denied).
void VerbOpen(JsonWriter& w, const std::string& path, const std::string& mode);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_FILE_VERBS_H_

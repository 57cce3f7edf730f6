// Reading files under /proc and /sys.
//
// The probe runs inside containers where much of /proc may be masked or
// read-only, so every reader returns the errno rather than failing: the
// conformance engine wants to see "EACCES" as a fact, not a crash. Parsing
// is separate from reading so it can be tested on fixed text.
#ifndef NSINIT_CONFORMANCE_PROBE_PROC_FILES_H_
#define NSINIT_CONFORMANCE_PROBE_PROC_FILES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/probe/mountinfo.h"

namespace nsinit::probe {

// Reads up to `max_bytes` of `path` into `out`. Returns 0 or the errno of
// the failing open/read.
int ReadFileInto(const std::string& path, size_t max_bytes, std::string* out);

// Value of "<key>:\t<value>" in /proc/self/status, or "" when absent.
std::string ProcStatusField(std::string_view status_text, std::string_view key);

// `s` without trailing newlines and spaces.
std::string TrimRight(std::string_view s);

// readlink(2) into a string; returns 0 or errno.
int ReadLink(const std::string& path, std::string* out);

// Splits on `sep`, dropping empty pieces.
std::vector<std::string> Split(std::string_view s, char sep);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_PROC_FILES_H_

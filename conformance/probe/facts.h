// The `facts` verb: one JSON object describing the process as the container
// runtime left it.
//
// This is what conformance cases assert on (README.md documents every key).
// Each fact is read independently; one that cannot be read (a masked /proc
// file, a missing /dev) becomes null or an "<name>_errno" key, never an
// abort, so a single run shows everything that is observable.
#ifndef NSINIT_CONFORMANCE_PROBE_FACTS_H_
#define NSINIT_CONFORMANCE_PROBE_FACTS_H_

#include "conformance/probe/json_out.h"

namespace nsinit::probe {

// Writes the full facts object for this process. `argv` is reported as is.
void WriteFacts(JsonWriter& w, int argc, char** argv);

// Writes the members of the facts object that describe open fds:
// "fds": [{"fd": 0, "target": "/dev/null"}, ...], sorted by fd, excluding
// the descriptor used to list /proc/self/fd.
void WriteFds(JsonWriter& w);

// Writes "mounts": [...] from /proc/self/mountinfo.
void WriteMounts(JsonWriter& w);

// Writes "devices": [...] for every entry below /dev, not following
// symlinks, sorted by path.
void WriteDevices(JsonWriter& w);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_FACTS_H_

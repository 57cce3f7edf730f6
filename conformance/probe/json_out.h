// JSON output for the probe.
//
// Every probe verb prints exactly one JSON object per line on stdout (the
// `sleep-until-signal` verb prints two: a readiness line, then the signal).
// RapidJSON's Writer does the escaping; these helpers add the probe's shared
// conventions: errno values are written by symbolic name ("ENOENT") or null,
// and byte strings that are not valid UTF-8 are written as hex so the output
// always parses.
#ifndef NSINIT_CONFORMANCE_PROBE_JSON_OUT_H_
#define NSINIT_CONFORMANCE_PROBE_JSON_OUT_H_

#include <string>
#include <string_view>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace nsinit::probe {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Writes `s` as a JSON string.
void WriteString(JsonWriter& w, std::string_view s);

// Writes "key": s.
void WriteKeyString(JsonWriter& w, std::string_view key, std::string_view s);

// Writes "<key>": "ENAME", or "<key>": null when err is 0.
void WriteErrno(JsonWriter& w, std::string_view key, int err);

// Writes "<key>": "text" when `bytes` is valid UTF-8, otherwise
// "<key>_hex": "0a1b..." so the line always parses as JSON.
void WriteBytes(JsonWriter& w, std::string_view key, std::string_view bytes);

// Writes `mode` as a four-digit octal string: 0644 -> "0644".
std::string OctalMode(unsigned mode);

// Writes the buffer and a newline to stdout (retrying short writes).
// Returns false when stdout is unusable.
bool PrintLine(const rapidjson::StringBuffer& buffer);

}  // namespace nsinit::probe

#endif  // NSINIT_CONFORMANCE_PROBE_JSON_OUT_H_

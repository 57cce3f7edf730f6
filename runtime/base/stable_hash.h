// A hash that is the same in every build and on every machine (FNV-1a,
// 32 bits), for names derived from paths: a cgroup name from a state root,
// a container id from a v1 directory. std::hash promises neither.
#ifndef NSINIT_RUNTIME_BASE_STABLE_HASH_H_
#define NSINIT_RUNTIME_BASE_STABLE_HASH_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/strings/string_view.h"

namespace nsinit {

inline uint32_t StableHash(absl::string_view text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h;
}

// StableHash as 8 lower-case hex digits.
inline std::string StableHashHex(absl::string_view text) {
  char hex[9];
  snprintf(hex, sizeof(hex), "%08x", StableHash(text));
  return hex;
}

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_STABLE_HASH_H_

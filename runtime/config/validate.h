// Semantic validation of a Spec, before anything is created.
//
// The parser checks JSON types; this checks meaning: absolute mount
// destinations and cwd, user namespace mappings present when a user namespace
// is created, no duplicate namespace types, known rlimit types, seccomp
// actions and operators, cgroup values in range, and so on. Every error
// starts with the JSON path of the offending field.
#ifndef NSINIT_RUNTIME_CONFIG_VALIDATE_H_
#define NSINIT_RUNTIME_CONFIG_VALIDATE_H_

#include "absl/status/status.h"
#include "runtime/config/spec.h"

namespace nsinit::config {

absl::Status ValidateSpec(const Spec& spec);

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_VALIDATE_H_

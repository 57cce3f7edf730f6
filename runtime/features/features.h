// The OCI features document (runtime-spec features.md): what this build of
// nsinit really supports, for `nsinit features` and for clients (and the
// conformance suite) that adapt to it.
//
// Only what is implemented is listed: no AppArmor or SELinux
// enforcement beyond AppArmor's exec profile, no idmapped mounts, no
// intelRdt. The namespaces, capabilities and seccomp words are read from
// the vocabulary tables (config/*_names.h) that the parser and the child
// plan use; features_test checks that exactly their rows are listed.
#ifndef NSINIT_RUNTIME_FEATURES_FEATURES_H_
#define NSINIT_RUNTIME_FEATURES_FEATURES_H_

#include <string>

namespace nsinit {

std::string FeaturesJson();

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_FEATURES_FEATURES_H_

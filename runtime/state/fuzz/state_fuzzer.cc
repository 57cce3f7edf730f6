// Fuzzes state loading: state::FromJson, what every verb runs on
// ROOT/ID/state.json, and the round trip through ToJson (what Save writes
// must load back as the same state).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "runtime/state/state.h"
#include "tools/bazel/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string json(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<nsinit::state::State> s = nsinit::state::FromJson(json);
  if (!s.ok()) return 0;
  (void)nsinit::state::ValidateId(s->id);
  std::string out = nsinit::state::ToJson(*s, /*oci_only=*/false);
  absl::StatusOr<nsinit::state::State> again = nsinit::state::FromJson(out);
  if (!again.ok()) {
    fprintf(stderr, "ToJson's output does not load: %s\n%s\n", again.status().ToString().c_str(),
            out.c_str());
    abort();
  }
  if (nsinit::state::ToJson(*again, false) != out) {
    fprintf(stderr, "a state changes through ToJson/FromJson:\n%s\n", out.c_str());
    abort();
  }
  (void)nsinit::state::ToJson(*s, /*oci_only=*/true);
  return 0;
}

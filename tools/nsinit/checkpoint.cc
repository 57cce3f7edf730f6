// nsinit checkpoint: runc's verb, refused (no CRIU support); every runc
// flag is known, so the refusal names it instead of calling it unknown.
#include "tools/nsinit/globals.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Checkpoint(const Globals&, const Parsed& p) { return RefuseWithoutCriu("checkpoint", p); }

constexpr char kRefused[] = "refused: no CRIU support";

}  // namespace

constexpr FlagSpec kCheckpointFlags[] = {
    {"image-path", "", true, kRefused},          {"work-path", "", true, kRefused},
    {"parent-path", "", true, kRefused},         {"leave-running", "", false, kRefused},
    {"tcp-established", "", false, kRefused},    {"ext-unix-sk", "", false, kRefused},
    {"shell-job", "", false, kRefused},          {"lazy-pages", "", false, kRefused},
    {"status-fd", "", true, kRefused},           {"page-server", "", true, kRefused},
    {"file-locks", "", false, kRefused},         {"pre-dump", "", false, kRefused},
    {"manage-cgroups-mode", "", true, kRefused}, {"empty-ns", "", true, kRefused, true},
    {"auto-dedup", "", false, kRefused},
};

const Verb kCheckpoint = {"checkpoint", "checkpoint [flags] ID",
                          "runc's checkpoint with CRIU: refused, nsinit has no CRIU support.",
                          kCheckpointFlags, Checkpoint};

}  // namespace nsinit::cli

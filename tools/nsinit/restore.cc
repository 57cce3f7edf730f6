// nsinit restore: runc's verb, refused (no CRIU support); every runc flag
// is known, so the refusal names it instead of calling it unknown.
#include "tools/nsinit/globals.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int Restore(const Globals&, const Parsed& p) { return RefuseWithoutCriu("restore", p); }

constexpr char kRefused[] = "refused: no CRIU support";

}  // namespace

constexpr FlagSpec kRestoreFlags[] = {
    {"console-socket", "", true, kRefused}, {"image-path", "", true, kRefused},
    {"work-path", "", true, kRefused},      {"tcp-established", "", false, kRefused},
    {"ext-unix-sk", "", false, kRefused},   {"shell-job", "", false, kRefused},
    {"file-locks", "", false, kRefused},    {"manage-cgroups-mode", "", true, kRefused},
    {"bundle", "b", true, kRefused},        {"detach", "d", false, kRefused},
    {"pid-file", "", true, kRefused},       {"no-subreaper", "", false, kRefused},
    {"no-pivot", "", false, kRefused},      {"empty-ns", "", true, kRefused, true},
    {"auto-dedup", "", false, kRefused},    {"lazy-pages", "", false, kRefused},
    {"lsm-profile", "", true, kRefused},    {"lsm-mount-context", "", true, kRefused},
};

const Verb kRestore = {"restore", "restore [flags] ID",
                       "runc's restore with CRIU: refused, nsinit has no CRIU support.",
                       kRestoreFlags, Restore};

}  // namespace nsinit::cli

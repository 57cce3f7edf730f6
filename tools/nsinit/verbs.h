// Every verb of the nsinit command line; each is defined in its own file.
#ifndef NSINIT_TOOLS_NSINIT_VERBS_H_
#define NSINIT_TOOLS_NSINIT_VERBS_H_

#include "tools/nsinit/cli.h"

namespace nsinit::cli {

extern const Verb kCreate;
extern const Verb kStart;
extern const Verb kState;
extern const Verb kKill;
extern const Verb kDelete;
extern const Verb kRun;
extern const Verb kExec;
extern const Verb kSpec;
extern const Verb kList;
extern const Verb kPs;
extern const Verb kPause;
extern const Verb kResume;
extern const Verb kEvents;
extern const Verb kUpdate;
extern const Verb kFeatures;
extern const Verb kUnpause;
extern const Verb kStats;
extern const Verb kConfig;
extern const Verb kCheckpoint;
extern const Verb kRestore;

}  // namespace nsinit::cli

#endif  // NSINIT_TOOLS_NSINIT_VERBS_H_

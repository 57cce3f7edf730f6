// The init (or exec'd process) joins its v1 cgroups itself.
//
// The runtime makes the cgroups while the child re-executes, then sends
// kCgroupsMade with the `tasks` file of each v1 directory, opened by the
// runtime. The child writes "0" (itself) into each: a single-threaded
// process moving itself through `tasks` is the one migration the kernel
// makes without write-locking cgroup_threadgroup_rwsem (Linux commit
// 9a3284fad42f, "cgroup: Optimize single thread migration", 2021), whose
// first write-lock after a quiet spell waits for an RCU grace period
// (milliseconds on an idle host; bench/README.md). A cgroup.procs write of its pid by the runtime
// always takes that lock. The permission check of a v1 write uses the
// credentials of whoever opened the file: the runtime's, whatever user
// namespace the child is in by now.
//
// The v2 cgroup is not among them: a v2 domain cgroup takes no single
// thread. The child is cloned into it (CLONE_INTO_CGROUP), or, where the
// kernel refuses that, the runtime moves it before kCgroupsMade.
#ifndef NSINIT_RUNTIME_PROCESS_CGROUPS_CHILD_H_
#define NSINIT_RUNTIME_PROCESS_CGROUPS_CHILD_H_

namespace nsinit::process {

// Waits for kCgroupsMade and joins every cgroup whose tasks file came with
// it; fails kJoinCgroup naming the file.
void JoinCgroupsInChild();

}  // namespace nsinit::process

#endif  // NSINIT_RUNTIME_PROCESS_CGROUPS_CHILD_H_

#include "runtime/process/init_plan.h"

#include <cstring>
#include <type_traits>

namespace nsinit::process {
namespace {

// One list of fields per struct, shared by the encoder and the decoder so
// the two can never disagree.
template <typename V, typename S>
void VisitFields(V& v, S& s) requires std::is_same_v<std::remove_const_t<S>, MountStep> {
  v(s.kind), v(s.source), v(s.target), v(s.fstype), v(s.data), v(s.flags), v(s.propagation),
      v(s.rec_attr_set), v(s.rec_attr_clr), v(s.mode), v(s.dev), v(s.uid), v(s.gid),
      v(s.target_is_file), v(s.copy_up);
}

template <typename V, typename S>
void VisitFields(V& v, S& s) requires std::is_same_v<std::remove_const_t<S>, RlimitStep> {
  v(s.resource), v(s.soft), v(s.hard);
}

template <typename V, typename S>
void VisitFields(V& v, S& s) requires std::is_same_v<std::remove_const_t<S>, KeyValue> {
  v(s.key), v(s.value);
}

template <typename V, typename S>
void VisitFields(V& v, S& s) requires std::is_same_v<std::remove_const_t<S>, HookStep> {
  v(s.path), v(s.argv), v(s.envp), v(s.timeout_s);
}

template <typename V, typename S>
void VisitFields(V& v, S& p) requires std::is_same_v<std::remove_const_t<S>, InitPlan> {
  v(p.mode), v(p.unshare_flags), v(p.timens_offsets), v(p.join_nstypes), v(p.rootfs),
      v(p.root_propagation), v(p.rootfs_propagation), v(p.readonly_root), v(p.no_pivot),
      v(p.mounts), v(p.late_mounts), v(p.console_path), v(p.hostname), v(p.domainname),
      v(p.set_hostname), v(p.set_domainname), v(p.sysctls), v(p.argv), v(p.envp), v(p.cwd),
      v(p.uid), v(p.gid), v(p.groups), v(p.set_groups), v(p.umask), v(p.rlimits),
      v(p.oom_score_adj), v(p.set_oom_score_adj), v(p.no_new_privs), v(p.set_personality),
      v(p.personality), v(p.pdeathsig), v(p.terminal), v(p.console_rows), v(p.console_cols),
      v(p.set_caps), v(p.cap_bounding), v(p.cap_effective), v(p.cap_permitted),
      v(p.cap_inheritable), v(p.cap_ambient), v(p.seccomp_bpf), v(p.seccomp_flags),
      v(p.apparmor_profile), v(p.selinux_label), v(p.ioprio), v(p.set_scheduler), v(p.sched_policy),
      v(p.sched_flags), v(p.sched_nice), v(p.sched_priority), v(p.sched_runtime),
      v(p.sched_deadline), v(p.sched_period), v(p.cpu_affinity_initial), v(p.cpu_affinity_final),
      v(p.preserve_fds), v(p.wait_for_start), v(p.seccomp_listener_state), v(p.sync_hooks),
      v(p.create_container_hooks), v(p.start_container_hooks), v(p.create_hook_state),
      v(p.start_hook_state);
  v(p.set_console_owner), v(p.console_uid), v(p.console_gid);
  v(p.rootfs_parent_mount), v(p.chroot_path), v(p.set_mempolicy), v(p.mempolicy_mode),
      v(p.mempolicy_nodes);
}

class Encoder {
 public:
  template <typename T>
  void operator()(const T& value) {
    if constexpr (std::is_arithmetic_v<T>) {
      out_.append(reinterpret_cast<const char*>(&value), sizeof(value));
    } else if constexpr (std::is_same_v<T, std::string>) {
      (*this)(static_cast<uint32_t>(value.size()));
      out_.append(value);
    } else if constexpr (requires {
                           value.begin();
                           value.size();
                         }) {
      (*this)(static_cast<uint32_t>(value.size()));
      for (const auto& item : value) (*this)(item);
    } else {
      VisitFields(*this, value);
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  template <typename T>
  void operator()(T& value) {
    if (!ok_) return;
    if constexpr (std::is_arithmetic_v<T>) {
      if (!Need(sizeof(value))) return;
      std::memcpy(&value, in_.data(), sizeof(value));
      in_.remove_prefix(sizeof(value));
    } else if constexpr (std::is_same_v<T, std::string>) {
      uint32_t n = 0;
      (*this)(n);
      if (!Need(n)) return;
      value.assign(in_.data(), n);
      in_.remove_prefix(n);
    } else if constexpr (requires {
                           value.resize(0);
                           value[0];
                         }) {
      uint32_t n = 0;
      (*this)(n);
      // Every element takes at least one byte: a count beyond what is left
      // is corruption, not a reason to allocate.
      if (!Need(n)) return;
      value.resize(n);
      for (auto& item : value) (*this)(item);
    } else {
      VisitFields(*this, value);
    }
  }

  // Null when the whole input was one plan, else why not.
  const char* Error() const {
    if (!ok_) return "init plan: truncated";
    if (!in_.empty()) return "init plan: trailing bytes";
    return nullptr;
  }

 private:
  bool Need(size_t n) {
    if (in_.size() < n) ok_ = false;
    return ok_;
  }

  std::string_view in_;
  bool ok_ = true;
};

}  // namespace

std::string EncodePlan(const InitPlan& plan) {
  Encoder e;
  e(plan);
  return e.Take();
}

bool DecodePlan(std::string_view bytes, InitPlan* plan, const char** error) {
  *plan = InitPlan();
  Decoder d(bytes);
  d(*plan);
  *error = d.Error();
  return *error == nullptr;
}

}  // namespace nsinit::process

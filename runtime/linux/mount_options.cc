#include "runtime/linux/mount_options.h"

#include <linux/mount.h>
#include <sys/mount.h>

#include "absl/strings/str_join.h"

namespace nsinit::sys {
namespace {

enum class Kind { kFlag, kClear, kPropagation, kRecSet, kRecClear, kRecAtime, kIdmap, kTmpcopyup };

struct Option {
  const char* name;
  Kind kind;
  uint64_t value;
};

// Order of the runtime-spec's mount options table.
constexpr Option kOptions[] = {
    {"async", Kind::kClear, MS_SYNCHRONOUS},
    {"atime", Kind::kClear, MS_NOATIME},
    {"bind", Kind::kFlag, MS_BIND},
    {"defaults", Kind::kFlag, 0},
    {"dev", Kind::kClear, MS_NODEV},
    {"diratime", Kind::kClear, MS_NODIRATIME},
    {"dirsync", Kind::kFlag, MS_DIRSYNC},
    {"exec", Kind::kClear, MS_NOEXEC},
    {"iversion", Kind::kFlag, MS_I_VERSION},
    {"lazytime", Kind::kFlag, MS_LAZYTIME},
    {"loud", Kind::kClear, MS_SILENT},
    {"mand", Kind::kFlag, MS_MANDLOCK},
    {"noatime", Kind::kFlag, MS_NOATIME},
    {"nodev", Kind::kFlag, MS_NODEV},
    {"nodiratime", Kind::kFlag, MS_NODIRATIME},
    {"noexec", Kind::kFlag, MS_NOEXEC},
    {"noiversion", Kind::kClear, MS_I_VERSION},
    {"nolazytime", Kind::kClear, MS_LAZYTIME},
    {"nomand", Kind::kClear, MS_MANDLOCK},
    {"norelatime", Kind::kClear, MS_RELATIME},
    {"nostrictatime", Kind::kClear, MS_STRICTATIME},
    {"nosuid", Kind::kFlag, MS_NOSUID},
    {"nosymfollow", Kind::kFlag, 256 /* MS_NOSYMFOLLOW */},
    {"private", Kind::kPropagation, MS_PRIVATE},
    {"rbind", Kind::kFlag, MS_BIND | MS_REC},
    {"relatime", Kind::kFlag, MS_RELATIME},
    {"remount", Kind::kFlag, MS_REMOUNT},
    {"ro", Kind::kFlag, MS_RDONLY},
    {"rprivate", Kind::kPropagation, MS_PRIVATE | MS_REC},
    {"rshared", Kind::kPropagation, MS_SHARED | MS_REC},
    {"rslave", Kind::kPropagation, MS_SLAVE | MS_REC},
    {"runbindable", Kind::kPropagation, MS_UNBINDABLE | MS_REC},
    {"rw", Kind::kClear, MS_RDONLY},
    {"shared", Kind::kPropagation, MS_SHARED},
    {"silent", Kind::kFlag, MS_SILENT},
    {"slave", Kind::kPropagation, MS_SLAVE},
    {"strictatime", Kind::kFlag, MS_STRICTATIME},
    {"suid", Kind::kClear, MS_NOSUID},
    {"symfollow", Kind::kClear, 256 /* MS_NOSYMFOLLOW */},
    {"sync", Kind::kFlag, MS_SYNCHRONOUS},
    {"unbindable", Kind::kPropagation, MS_UNBINDABLE},
    // Recursive attributes (mount_setattr with AT_RECURSIVE).
    {"rro", Kind::kRecSet, MOUNT_ATTR_RDONLY},
    {"rrw", Kind::kRecClear, MOUNT_ATTR_RDONLY},
    {"rnosuid", Kind::kRecSet, MOUNT_ATTR_NOSUID},
    {"rsuid", Kind::kRecClear, MOUNT_ATTR_NOSUID},
    {"rnodev", Kind::kRecSet, MOUNT_ATTR_NODEV},
    {"rdev", Kind::kRecClear, MOUNT_ATTR_NODEV},
    {"rnoexec", Kind::kRecSet, MOUNT_ATTR_NOEXEC},
    {"rexec", Kind::kRecClear, MOUNT_ATTR_NOEXEC},
    {"rnodiratime", Kind::kRecSet, MOUNT_ATTR_NODIRATIME},
    {"rdiratime", Kind::kRecClear, MOUNT_ATTR_NODIRATIME},
    // The access-time mode is one value, not a set of bits: mount_setattr(2)
    // takes it only with all of MOUNT_ATTR__ATIME in attr_clr (else EINVAL),
    // so each of these replaces the mode; the last one wins.
    {"rnoatime", Kind::kRecAtime, MOUNT_ATTR_NOATIME},
    {"ratime", Kind::kRecAtime, MOUNT_ATTR_RELATIME},
    {"rrelatime", Kind::kRecAtime, MOUNT_ATTR_RELATIME},
    // As norelatime for mount(2): back to the kernel default, relatime.
    {"rnorelatime", Kind::kRecAtime, MOUNT_ATTR_RELATIME},
    {"rstrictatime", Kind::kRecAtime, MOUNT_ATTR_STRICTATIME},
    {"rnostrictatime", Kind::kRecAtime, MOUNT_ATTR_RELATIME},
    {"rnosymfollow", Kind::kRecSet, MOUNT_ATTR_NOSYMFOLLOW},
    {"rsymfollow", Kind::kRecClear, MOUNT_ATTR_NOSYMFOLLOW},
    {"idmap", Kind::kIdmap, 0},
    {"ridmap", Kind::kIdmap, 0},
    // runc's and crun's extension (podman's --read-only and --tmpfs use
    // it): copy the image's directory into the new tmpfs.
    {"tmpcopyup", Kind::kTmpcopyup, 0},
};

const Option* Find(absl::string_view name) {
  for (const Option& o : kOptions) {
    if (name == o.name) return &o;
  }
  return nullptr;
}

}  // namespace

MountOptions ParseMountOptions(const std::vector<std::string>& options) {
  MountOptions out;
  std::vector<absl::string_view> data;
  for (const std::string& name : options) {
    const Option* o = Find(name);
    if (o == nullptr) {
      data.push_back(name);
      continue;
    }
    switch (o->kind) {
      case Kind::kFlag:
        out.flags |= o->value;
        break;
      case Kind::kClear:
        out.flags &= ~o->value;
        break;
      case Kind::kPropagation:
        out.propagation = o->value;
        break;
      case Kind::kRecSet:
        out.rec_attr_set |= o->value;
        out.rec_attr_clr &= ~o->value;
        break;
      case Kind::kRecClear:
        out.rec_attr_clr |= o->value;
        out.rec_attr_set &= ~o->value;
        break;
      case Kind::kRecAtime:
        out.rec_attr_clr |= MOUNT_ATTR__ATIME;
        out.rec_attr_set = (out.rec_attr_set & ~uint64_t{MOUNT_ATTR__ATIME}) | o->value;
        break;
      case Kind::kIdmap:
        out.idmap = true;
        break;
      case Kind::kTmpcopyup:
        out.tmpcopyup = true;
        break;
    }
  }
  out.data = absl::StrJoin(data, ",");
  return out;
}

bool IsKnownMountOption(absl::string_view option) { return Find(option) != nullptr; }

std::vector<std::string> KnownMountOptions() {
  std::vector<std::string> names;
  for (const Option& o : kOptions) names.push_back(o.name);
  return names;
}

std::string MountFlagNames(unsigned long flags) {
  static constexpr struct {
    unsigned long bit;
    const char* name;
  } kNames[] = {
      {MS_RDONLY, "MS_RDONLY"},
      {MS_NOSUID, "MS_NOSUID"},
      {MS_NODEV, "MS_NODEV"},
      {MS_NOEXEC, "MS_NOEXEC"},
      {MS_SYNCHRONOUS, "MS_SYNCHRONOUS"},
      {MS_REMOUNT, "MS_REMOUNT"},
      {MS_MANDLOCK, "MS_MANDLOCK"},
      {MS_DIRSYNC, "MS_DIRSYNC"},
      {256, "MS_NOSYMFOLLOW"},
      {MS_NOATIME, "MS_NOATIME"},
      {MS_NODIRATIME, "MS_NODIRATIME"},
      {MS_BIND, "MS_BIND"},
      {MS_MOVE, "MS_MOVE"},
      {MS_REC, "MS_REC"},
      {MS_SILENT, "MS_SILENT"},
      {MS_UNBINDABLE, "MS_UNBINDABLE"},
      {MS_PRIVATE, "MS_PRIVATE"},
      {MS_SLAVE, "MS_SLAVE"},
      {MS_SHARED, "MS_SHARED"},
      {MS_RELATIME, "MS_RELATIME"},
      {MS_I_VERSION, "MS_I_VERSION"},
      {MS_STRICTATIME, "MS_STRICTATIME"},
      {MS_LAZYTIME, "MS_LAZYTIME"},
  };
  std::vector<absl::string_view> parts;
  for (const auto& n : kNames) {
    if (flags & n.bit) {
      parts.push_back(n.name);
      flags &= ~n.bit;
    }
  }
  std::string out = absl::StrJoin(parts, "|");
  if (flags != 0) out += (out.empty() ? "" : "|") + std::to_string(flags);
  return out.empty() ? "0" : out;
}

}  // namespace nsinit::sys

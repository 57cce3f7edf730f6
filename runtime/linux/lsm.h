// Which Linux security modules this host enforces, for the checks that must
// refuse a label the host cannot apply rather than run unconfined.
#ifndef NSINIT_RUNTIME_LINUX_LSM_H_
#define NSINIT_RUNTIME_LINUX_LSM_H_

namespace nsinit::sys {

// /sys/module/apparmor/parameters/enabled reads "Y".
bool AppArmorEnabled();

// selinuxfs is mounted at /sys/fs/selinux (the kernel enforces or logs a
// policy), as libselinux's is_selinux_enabled() decides.
bool SelinuxEnabled();

}  // namespace nsinit::sys

#endif  // NSINIT_RUNTIME_LINUX_LSM_H_

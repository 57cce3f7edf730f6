#!/usr/bin/env bash
# The VM lane: nsinit judged on a pure cgroup v2 kernel (cgroup_no_v1=all).
#
# Packs static nsinit, the conformance runner with its cases, spec, probe
# and deviations, the v2 kernel tests, busybox and the driver (init) into an
# initramfs; boots Debian's kernel under qemu (software emulation, no
# network); the driver runs everything and sends back a tarball of results
# on a second serial port. Passes when every kernel test and the suite pass
# and no CG requirement is skipped for needing cgroup v1.
#
# A guest kernel that locks up (soft lockup, panic) powers the VM off at
# once (softlockup_panic=1, panic=-1) instead of running into the timeout;
# such a boot is tried once more, both consoles in the log: a hang of the
# guest kernel or the emulator says nothing of nsinit's verdicts, two in a
# row fail the test.
#
#   bazel run //integration:cgroup_v2_vm -- --report=DIR [--filter=CG,DEV]
#
# Needs qemu-system-x86_64 and /boot/vmlinuz-* with its modules
# (tools/setup installs qemu-system-x86 and linux-image-amd64); skips with
# the reason when either is missing. Env: NSINIT_VM_KERNEL (a vmlinuz),
# NSINIT_VM_TIMEOUT (seconds per boot, default 900), NSINIT_VM_ACCEL (tcg,
# the default, or kvm).
set -uo pipefail

report_dir="" filter=""
for a in "$@"; do
  case "$a" in
    --report=*) report_dir=${a#--report=} ;;
    --filter=*) filter=${a#--filter=} ;;
    *) echo "cgroup_v2_vm: unknown argument $a" >&2; exit 2 ;;
  esac
done
if [[ -n "$report_dir" && "$report_dir" != /* && -n "${BUILD_WORKING_DIRECTORY:-}" ]]; then
  report_dir="$BUILD_WORKING_DIRECTORY/$report_dir"
fi
[[ -z "$report_dir" ]] && report_dir="${TEST_UNDECLARED_OUTPUTS_DIR:-}"

skip() {
  echo "SKIP: $*"
  exit 0
}

qemu=$(command -v qemu-system-x86_64) || skip "needs qemu-system-x86_64 (apt-get install qemu-system-x86)"
kernel="${NSINIT_VM_KERNEL:-$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}"
[[ -n "$kernel" && -r "$kernel" ]] || skip "needs a kernel image in /boot (apt-get install linux-image-amd64)"
kver=${kernel##*/vmlinuz-}
moddir=/lib/modules/$kver/kernel
[[ -d "$moddir" ]] || skip "needs the modules of $kernel in $moddir"
[[ -x /bin/busybox ]] || skip "needs Debian's static busybox at /bin/busybox (busybox-static)"
command -v cpio >/dev/null || skip "needs cpio"
[[ $(id -u) -eq 0 ]] || skip "needs root (the kernel image in /boot is readable only by root)"

# The runfiles tree: bazel test runs us in it; bazel run too.
src=$PWD
[[ -e "$src/conformance/conform" ]] || src="${RUNFILES_DIR:-$0.runfiles}/nsinit"
for f in tools/nsinit/nsinit conformance/conform conformance/probe/probe spec/SPEC.md; do
  [[ -e "$src/$f" ]] || { echo "cgroup_v2_vm: missing runfile $f in $src" >&2; exit 2; }
done

# The guest has no shared objects of the host's but those packed below:
# the lane needs the static binaries of the default build. A sanitizer
# build (--config=asan) links them dynamically.
for f in tools/nsinit/nsinit conformance/conform; do
  ldd "$src/$f" >/dev/null 2>&1 &&
    skip "$f is dynamically linked (a sanitizer build?); the VM lane packs static binaries"
done

# Not under TEST_TMPDIR: another bazel command may wipe that while qemu runs.
work=$(mktemp -d /tmp/nsinit-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
stage=$work/stage
mkdir -p "$stage"/{bin,etc,lane/tests,lane/modules,lane/conform/conform.runfiles/nsinit/conformance/probe,lane/conform/conform.runfiles/nsinit/tools/nsinit,lane/conform/conform.runfiles/nsinit/spec}
cp /bin/busybox "$stage/bin/busybox"
# Debian's dash as /bin/sh and GNU env, as on the host: busybox picks its
# applet by argv[0] (a hook exec'd with another argv[0] would fail) and its
# env has no --default-signal. The driver's busybox --install keeps them.
pack() {  # a host binary at the same path, with the shared objects it loads
  mkdir -p "$stage$(dirname "$2")" && cp -L "$1" "$stage$2"
  for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*'); do
    [[ -e "$stage$lib" ]] || { mkdir -p "$stage$(dirname "$lib")" && cp -L "$lib" "$stage$lib"; }
  done
}
pack /bin/dash /bin/sh
pack /usr/bin/env /bin/env
# What some cases run on the host, where it has them (else they skip as on
# any host without them): ip, setpriv, setcap, python3 with its stdlib.
for b in /usr/sbin/ip /usr/bin/setpriv /usr/sbin/setcap; do
  [[ -x "$b" ]] && pack "$b" "$b"
done
py=$(readlink -f /usr/bin/python3 2>/dev/null)
if [[ -x "$py" ]]; then
  pack "$py" /usr/bin/python3
  lib=/usr/lib/$(basename "$py")
  mkdir -p "$stage$lib"
  (cd "$lib" && find . -name test -prune -o -name tests -prune -o -name idlelib -prune -o \
     -name tkinter -prune -o -name ensurepip -prune -o -name __pycache__ -prune -o -print |
     cpio -pdm --quiet "$stage$lib")
  for so in "$lib"/lib-dynload/*.so; do pack "$so" "$so"; done
fi
cp "$src/integration/vm/init" "$stage/init"
r=$stage/lane/conform/conform.runfiles/nsinit
cp -L "$src/conformance/conform" "$stage/lane/conform/conform"
cp -rL "$src/conformance/cases" "$src/conformance/deviations" "$r/conformance/"
cp -L "$src/conformance/probe/probe" "$r/conformance/probe/probe"
cp -L "$src/tools/nsinit/nsinit" "$r/tools/nsinit/nsinit"
cp -L "$src/spec/SPEC.md" "$r/spec/SPEC.md"
for t in runtime/cgroups/v2_kernel_test runtime/cgroups/devices_bpf_test; do
  [[ -e "$src/$t" ]] && cp -L "$src/$t" "$stage/lane/tests/"
done
# loop: a block device for io.max; bfq: io.bfq.weight; veth, dummy: links
# the namespace cases make; llc, stp, bridge: the v1 network samples' bridge.
# Numbered so init's insmod glob loads each after what it depends on.
i=0
for m in drivers/block/loop.ko block/bfq.ko drivers/net/veth.ko drivers/net/dummy.ko \
         net/llc/llc.ko net/802/stp.ko net/bridge/bridge.ko; do
  i=$((i + 1))
  [[ -e "$moddir/$m" ]] && cp "$moddir/$m" "$stage/lane/modules/$(printf %02d $i)-${m##*/}"
done
echo "root:x:0:0:root:/root:/bin/sh" > "$stage/etc/passwd"
echo "root:x:0:" > "$stage/etc/group"
(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

timeout_s=${NSINIT_VM_TIMEOUT:-900}
# Software emulation with one host thread for both vCPUs: multi-threaded
# TCG once left a vCPU spinning in the guest kernel for the whole timeout
# (a soft lockup in the lane's first seconds, not seen since with one
# thread). KVM on request: nested KVM on this machine kind does not boot.
accel=${NSINIT_VM_ACCEL:-tcg}
case "$accel" in
  kvm) accel_args=(-accel kvm -cpu host) ;;
  tcg) accel_args=(-accel tcg,thread=single) ;;
  *) echo "cgroup_v2_vm: NSINIT_VM_ACCEL must be kvm or tcg, not $accel" >&2; exit 2 ;;
esac

boot() {  # $1: the serial log for this boot
  echo "cgroup_v2_vm: booting $kernel under $accel (initramfs $(du -h "$work/initrd.gz" | cut -f1)), timeout ${timeout_s}s"
  local start rc
  start=$(date +%s)
  rm -f "$work/results.b64"
  timeout --kill-after=10 "$timeout_s" "$qemu" "${accel_args[@]}" -m 2G -smp 2 -nographic \
    -no-reboot -nic none -kernel "$kernel" -initrd "$work/initrd.gz" \
    -serial mon:stdio -serial "file:$work/results.b64" \
    -append "console=ttyS0 cgroup_no_v1=all panic=-1 softlockup_panic=1 quiet loglevel=1${filter:+ lane_filter=$filter}" \
    </dev/null 2>&1 | tee "$1"
  rc=${PIPESTATUS[0]}
  echo "cgroup_v2_vm: qemu exited $rc after $(( $(date +%s) - start ))s"
  return "$rc"
}

boot "$work/console.1"
rc=$?
if ! grep -q '===LANE-END===' "$work/results.b64" 2>/dev/null &&
   grep -aqE 'soft lockup|Kernel panic|rcu_sched self-detected stall' "$work/console.1"; then
  echo "cgroup_v2_vm: the guest kernel locked up before the lane ended (above); booting once more"
  boot "$work/console.2"
  rc=$?
fi
mkdir -p "$work/out"
sed -n '/===LANE-BEGIN===/,/===LANE-END===/p' "$work/results.b64" | tr -d '\r' |
  grep -v '^===LANE' | base64 -d | tar -xzf - -C "$work/out" ||
  { echo "cgroup_v2_vm: no results came back (qemu exit $rc)"; exit 1; }
if [[ -n "$report_dir" ]]; then
  mkdir -p "$report_dir" && cp -r "$work/out/." "$report_dir/"
  echo "cgroup_v2_vm: results in $report_dir"
fi
exec python3 "$src/integration/vm/judge.py" "$work/out"

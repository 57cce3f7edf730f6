// The process entry: _start, the thread pointer (TCB, stack-protector
// canary, the program's static TLS), errno, environ, and the call of
// NolibcMain. What glibc's __libc_start_main does, minus everything a
// single-threaded static program without constructors does not need.
#include <asm/prctl.h>
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/nolibc/internal.h"
#include "runtime/nolibc/nolibc.h"

namespace nsinit::nolibc {
int g_errno = 0;
}  // namespace nsinit::nolibc

using nsinit::nolibc::RawSyscall;

char** environ = nullptr;

// No threads are ever started: libstdc++ skips its atomic reference counts.
char __libc_single_threaded = 1;

int* __errno_location() noexcept { return &nsinit::nolibc::g_errno; }

extern "C" [[noreturn]] void NolibcStartC(uintptr_t* initial_sp);

namespace {

// The thread control block %fs points to. The x86_64 TLS ABI makes %fs:0
// hold the thread pointer itself; GCC and clang read the stack-protector
// canary at %fs:0x28 (glibc's tcbhead_t layout, which they hard-code).
struct Tcb {
  Tcb* self;                // %fs:0x00
  uintptr_t glibc_only[4];  // 0x08..0x27: dtv, self, multiple_threads, sysinfo
  uintptr_t stack_guard;    // %fs:0x28
  uintptr_t pointer_guard;  // %fs:0x30 (glibc's; set alike, nothing here reads it)
  uintptr_t spare[9];       // up to 0x80, zero (e.g. %fs:0x70, -fsplit-stack's word)
};
static_assert(offsetof(Tcb, stack_guard) == 0x28);

// The program's static TLS (its thread_local variables, if any) ends
// where the TCB starts (TLS variant II): this much is reserved for it.
constexpr size_t kMaxStaticTls = 4096;
constexpr size_t kTcbAlign = 64;

struct alignas(kTcbAlign) ThreadArea {
  char tls[kMaxStaticTls];
  Tcb tcb;
};
static_assert(offsetof(ThreadArea, tcb) == kMaxStaticTls);

ThreadArea g_thread_area;  // in .bss: zero

size_t RoundUp(size_t n, size_t align) { return (n + align - 1) & ~(align - 1); }

// Copies the TLS image (PT_TLS: .tdata, then .tbss, already zero) where
// the linker's offsets from the thread pointer expect it: the block starts
// at tp - RoundUp(memsz, align).
void LayOutStaticTls(const Elf64_Phdr* phdrs, size_t count) {
  // Zero for the non-PIE image nolibc expects; a static-pie one would be
  // loaded at an offset from its link addresses.
  uintptr_t bias = 0;
  const Elf64_Phdr* tls = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (phdrs[i].p_type == PT_PHDR) bias = reinterpret_cast<uintptr_t>(phdrs) - phdrs[i].p_vaddr;
    if (phdrs[i].p_type == PT_TLS) tls = &phdrs[i];
  }
  if (tls == nullptr) return;
  size_t align = tls->p_align == 0 ? 1 : tls->p_align;
  if (align > kTcbAlign || (align & (align - 1)) != 0) {
    nsinit::nolibc::Die("static TLS aligned to more than 64 bytes");
  }
  size_t block = RoundUp(tls->p_memsz, align);
  if (block > kMaxStaticTls) nsinit::nolibc::Die("static TLS over 4096 bytes");
  char* tp = reinterpret_cast<char*>(&g_thread_area.tcb);
  memcpy(tp - block, reinterpret_cast<const void*>(tls->p_vaddr + bias), tls->p_filesz);
}

void SetUpThreadPointer(const Elf64_auxv_t* auxv) {
  const Elf64_Phdr* phdrs = nullptr;
  size_t phnum = 0;
  const unsigned char* random = nullptr;
  for (const Elf64_auxv_t* a = auxv; a->a_type != AT_NULL; ++a) {
    if (a->a_type == AT_PHDR) phdrs = reinterpret_cast<const Elf64_Phdr*>(a->a_un.a_val);
    if (a->a_type == AT_PHNUM) phnum = a->a_un.a_val;
    if (a->a_type == AT_RANDOM) random = reinterpret_cast<const unsigned char*>(a->a_un.a_val);
  }
  LayOutStaticTls(phdrs, phdrs == nullptr ? 0 : phnum);
  Tcb* tcb = &g_thread_area.tcb;
  tcb->self = tcb;
  // AT_RANDOM: 16 bytes from the kernel. glibc zeroes the canary's first
  // (lowest) byte: an overflow by a string copy, which stops at a NUL,
  // cannot then write the canary back, nor a string read print it.
  if (random != nullptr) {
    memcpy(&tcb->stack_guard, random, sizeof(tcb->stack_guard));
    memcpy(&tcb->pointer_guard, random + 8, sizeof(tcb->pointer_guard));
  } else {
    tcb->stack_guard = 0xff0a000000000000;  // glibc's fixed fallback
  }
  tcb->stack_guard &= ~uintptr_t{0xff};
  if (nsinit::nolibc::IsError(RawSyscall(SYS_arch_prctl, ARCH_SET_FS, tcb))) {
    nsinit::nolibc::Die("arch_prctl(ARCH_SET_FS) failed");
  }
}

}  // namespace

// The kernel's initial stack (x86_64 psABI, figure 3.9): argc, argv[argc],
// NULL, envp..., NULL, auxv pairs..., AT_NULL. This file is compiled without
// the stack protector: there is no canary until SetUpThreadPointer.
void NolibcStartC(uintptr_t* initial_sp) {
  int argc = static_cast<int>(initial_sp[0]);
  char** argv = reinterpret_cast<char**>(initial_sp + 1);
  char** envp = argv + argc + 1;
  char** end_of_env = envp;
  while (*end_of_env != nullptr) ++end_of_env;
  SetUpThreadPointer(reinterpret_cast<const Elf64_auxv_t*>(end_of_env + 1));
  environ = envp;
  nsinit::nolibc::ExitGroup(NolibcMain(argc, argv, envp));
}

// _start: %rsp points at argc and is 16-byte aligned; the psABI wants %rbp
// zero in the outermost frame and %rsp 16-byte aligned at each call.
asm(R"(
  .pushsection .text._start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  xor %ebp, %ebp
  mov %rsp, %rdi
  and $-16, %rsp
  call NolibcStartC
  hlt
  .size _start, . - _start
  .popsection
)");

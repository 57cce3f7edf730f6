// Tests of the vocabulary tables: namespaces, capabilities, rlimits and the
// seccomp words. Each table is checked against itself (names unique and
// well formed, lookups round-trip) and against what the kernel, libcap and
// libseccomp of this host say about every row. A row they cannot vouch for
// here (a kernel or library older than the row) is a skipped test case
// naming the reason, one case per row.
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bit>
#include <cstring>
#include <set>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/config/capability_names.h"
#include "runtime/config/namespace_names.h"
#include "runtime/config/rlimit_names.h"
#include "runtime/config/seccomp_names.h"

namespace nsinit::config {
namespace {

// Test-case names for one case per table row: the row's name.
template <typename Row>
auto RowName(absl::Span<const Row> rows) {
  return [rows](const testing::TestParamInfo<size_t>& info) {
    return std::string(rows[info.param].name);
  };
}

template <typename Row>
auto EveryRow(absl::Span<const Row> rows) {
  return testing::Range<size_t>(0, rows.size());
}

// --- Namespaces ---

TEST(NamespaceNamesTest, RoundTrips) {
  for (absl::string_view name :
       {"pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time"}) {
    std::optional<NamespaceType> type = NamespaceTypeFromName(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(NamespaceTypeName(*type), name);
  }
  EXPECT_EQ(NamespaceTypeFromName("net"), std::nullopt);
  EXPECT_EQ(NamespaceCloneFlag(NamespaceType::kMount), CLONE_NEWNS);
  EXPECT_EQ(NamespaceTypeFromV1Name("NEWNET"), NamespaceType::kNetwork);
  EXPECT_EQ(NamespaceTypeFromV1Name("NEWCGROUP"), std::nullopt);
  EXPECT_EQ(NamespaceTypeFromV1Name(""), std::nullopt);
}

TEST(NamespaceTableTest, EveryColumnIsUniqueAndEveryLookupFindsItsRow) {
  std::set<absl::string_view> oci, proc, v1;
  uint64_t flags = 0;
  for (const NamespaceInfo& ns : AllNamespaces()) {
    SCOPED_TRACE(ns.oci_name);
    EXPECT_TRUE(oci.insert(ns.oci_name).second);
    EXPECT_TRUE(proc.insert(ns.proc_name).second);
    if (!ns.v1_name.empty()) {
      EXPECT_TRUE(v1.insert(ns.v1_name).second);
      EXPECT_TRUE(absl::StartsWith(ns.v1_name, "NEW"));
      EXPECT_EQ(NamespaceTypeFromV1Name(ns.v1_name), ns.type);
    }
    EXPECT_EQ(std::popcount(ns.clone_flag), 1);
    EXPECT_EQ(flags & ns.clone_flag, 0u) << "two rows share a CLONE_NEW* flag";
    flags |= ns.clone_flag;
    EXPECT_EQ(NamespaceTypeFromName(ns.oci_name), ns.type);
    EXPECT_EQ(FindNamespace(ns.type), &ns);
    EXPECT_EQ(NamespaceTypeName(ns.type), ns.oci_name);
    EXPECT_EQ(static_cast<uint64_t>(NamespaceCloneFlag(ns.type)), ns.clone_flag);
  }
  EXPECT_EQ(V1NamespaceNames().size(), v1.size());
}

// The /proc/self/ns entry of each row is a namespace of the row's CLONE_NEW*
// type: NS_GET_NSTYPE (ioctl_ns(2), Linux 4.11) returns the flag.
class NamespaceKernelTest : public testing::TestWithParam<size_t> {};

TEST_P(NamespaceKernelTest, ProcEntryIsANamespaceOfTheRowsCloneFlag) {
  const NamespaceInfo& ns = AllNamespaces()[GetParam()];
  std::string path = absl::StrCat("/proc/self/ns/", ns.proc_name);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    GTEST_SKIP() << "needs " << path << ": this kernel predates " << ns.oci_name << " namespaces";
  }
  ASSERT_GE(fd, 0) << "open " << path << ": " << strerror(errno);
  absl::Cleanup close_fd = [fd] { close(fd); };
  int type = ioctl(fd, NS_GET_NSTYPE);
  if (type < 0 && errno == ENOTTY) GTEST_SKIP() << "needs NS_GET_NSTYPE (Linux 4.11)";
  ASSERT_GE(type, 0) << "ioctl NS_GET_NSTYPE " << path << ": " << strerror(errno);
  EXPECT_EQ(static_cast<uint64_t>(type), ns.clone_flag) << path;
}

INSTANTIATE_TEST_SUITE_P(EveryNamespace, NamespaceKernelTest, EveryRow(AllNamespaces()),
                         [](const testing::TestParamInfo<size_t>& info) {
                           return std::string(AllNamespaces()[info.param].oci_name);
                         });

// --- Capabilities ---

TEST(CapabilityNamesTest, KnowsTheHeaderNames) {
  EXPECT_EQ(CapabilityFromName("CAP_CHOWN"), 0);
  EXPECT_EQ(CapabilityFromName("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
  EXPECT_EQ(CapabilityFromName("CAP_CHECKPOINT_RESTORE"), CAP_CHECKPOINT_RESTORE);
  EXPECT_EQ(CapabilityFromName("CHOWN"), std::nullopt);
  EXPECT_EQ(CapabilityFromName("cap_chown"), std::nullopt);
  EXPECT_EQ(CapabilityFromName("CAP_FOO"), std::nullopt);
  EXPECT_EQ(CapabilityName(CAP_NET_RAW), "CAP_NET_RAW");
  EXPECT_EQ(CapabilityName(CAP_LAST_CAP + 1), "");
  EXPECT_EQ(CapabilityName(-1), "");
  EXPECT_EQ(AllCapabilityNames().size(), static_cast<size_t>(CAP_LAST_CAP + 1));
}

TEST(CapabilityNamesTest, ReadsTheKernelLastCap) {
  absl::StatusOr<int> last = ReadKernelLastCapability();
  if (!last.ok()) GTEST_SKIP() << "needs /proc: " << last.status();
  EXPECT_GE(*last, CAP_AUDIT_READ);  // Every kernel of the last decade.
  EXPECT_FALSE(ReadKernelLastCapability("/nonexistent/cap_last_cap").ok());
}

TEST(CapabilityTableTest, NamesAreUniqueAndRoundTrip) {
  std::set<absl::string_view> names;
  for (const CapabilityInfo& cap : AllCapabilities()) {
    SCOPED_TRACE(cap.name);
    EXPECT_TRUE(names.insert(cap.name).second);
    EXPECT_TRUE(absl::StartsWith(cap.name, "CAP_"));
    EXPECT_EQ(CapabilityFromName(cap.name), cap.number);
    EXPECT_EQ(CapabilityName(cap.number), cap.name);
  }
  std::vector<std::string> all = AllCapabilityNames();
  ASSERT_EQ(all.size(), AllCapabilities().size());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], AllCapabilities()[i].name);
}

// libcap has its own name table (cap_to_name(3)); the kernel knows a
// capability when PR_CAPBSET_READ takes its number (prctl(2)).
class CapabilityLibraryTest : public testing::TestWithParam<size_t> {};

TEST_P(CapabilityLibraryTest, LibcapHasTheSameNameAndNumber) {
  const CapabilityInfo& cap = AllCapabilities()[GetParam()];
  char* text = cap_to_name(cap.number);
  ASSERT_NE(text, nullptr);
  std::string libcap_name = text;
  cap_free(text);
  // libcap spells capabilities newer than itself as their number.
  if (absl::ascii_isdigit(libcap_name[0])) {
    GTEST_SKIP() << "this libcap predates " << cap.name << " (it calls it " << libcap_name << ")";
  }
  EXPECT_EQ(absl::AsciiStrToUpper(libcap_name), cap.name);
  cap_value_t value = -1;
  ASSERT_EQ(cap_from_name(std::string(cap.name).c_str(), &value), 0) << cap.name;
  EXPECT_EQ(value, cap.number);
}

TEST_P(CapabilityLibraryTest, TheKernelKnowsTheNumber) {
  const CapabilityInfo& cap = AllCapabilities()[GetParam()];
  absl::StatusOr<int> last = ReadKernelLastCapability();
  if (last.ok() && cap.number > *last) {
    GTEST_SKIP() << "this kernel predates " << cap.name << " (its last capability is " << *last
                 << ")";
  }
  EXPECT_GE(prctl(PR_CAPBSET_READ, cap.number), 0)
      << "PR_CAPBSET_READ " << cap.name << ": " << strerror(errno);
}

INSTANTIATE_TEST_SUITE_P(EveryCapability, CapabilityLibraryTest, EveryRow(AllCapabilities()),
                         RowName(AllCapabilities()));

// --- Rlimits ---

TEST(RlimitNamesTest, ResolvesNames) {
  EXPECT_EQ(RlimitFromName("RLIMIT_NOFILE"), RLIMIT_NOFILE);
  EXPECT_EQ(RlimitFromName("RLIMIT_RTTIME"), RLIMIT_RTTIME);
  EXPECT_EQ(RlimitFromName("NOFILE"), std::nullopt);
  EXPECT_EQ(RlimitName(RLIMIT_CORE), "RLIMIT_CORE");
  EXPECT_EQ(RlimitName(RLIM_NLIMITS), "");
  EXPECT_EQ(RlimitName(-1), "");
}

TEST(RlimitTableTest, NamesAreUniqueAndRoundTrip) {
  std::set<absl::string_view> names;
  for (const RlimitInfo& r : AllRlimits()) {
    SCOPED_TRACE(r.name);
    EXPECT_TRUE(names.insert(r.name).second);
    EXPECT_TRUE(absl::StartsWith(r.name, "RLIMIT_"));
    EXPECT_EQ(RlimitFromName(r.name), r.resource);
    EXPECT_EQ(RlimitName(r.resource), r.name);
  }
}

// prlimit(2) takes every resource of the table, and none after it: a kernel
// with a resource the table lacks fails here.
TEST(RlimitTableTest, TheKernelHasEveryResourceAndNoMore) {
  struct rlimit64 limit;
  for (const RlimitInfo& r : AllRlimits()) {
    EXPECT_EQ(syscall(SYS_prlimit64, 0, r.resource, nullptr, &limit), 0)
        << r.name << ": " << strerror(errno);
  }
  int next = static_cast<int>(AllRlimits().size());
  EXPECT_EQ(syscall(SYS_prlimit64, 0, next, nullptr, &limit), -1)
      << "the kernel has resource " << next << ": add its row";
  EXPECT_EQ(errno, EINVAL);
}

// --- Seccomp ---

TEST(SeccompNamesTest, KnowsTheSchemaEnums) {
  EXPECT_TRUE(IsSeccompAction("SCMP_ACT_ERRNO"));
  EXPECT_FALSE(IsSeccompAction("SCMP_ACT_DENY"));
  EXPECT_TRUE(IsSeccompOperator("SCMP_CMP_MASKED_EQ"));
  EXPECT_FALSE(IsSeccompOperator("SCMP_CMP_EQUAL"));
  EXPECT_TRUE(IsSeccompArch("SCMP_ARCH_X86_64"));
  EXPECT_FALSE(IsSeccompArch("x86_64"));
  EXPECT_FALSE(IsSeccompArch("SCMP_ARCH_x86_64"));
  EXPECT_TRUE(IsSeccompFlag("SECCOMP_FILTER_FLAG_LOG"));
  EXPECT_FALSE(IsSeccompFlag("SECCOMP_FILTER_FLAG_NEW_LISTENER"));  // the runtime's own
  EXPECT_EQ(FindSeccompAction("SCMP_ACT_KILL")->action, SCMP_ACT_KILL_THREAD);
  EXPECT_EQ(FindSeccompAction("SCMP_ACT_ERRNO")->action | EPERM, SCMP_ACT_ERRNO(EPERM));
  EXPECT_EQ(FindSeccompOperator("SCMP_CMP_LE")->op, SCMP_CMP_LE);
}

template <typename Row>
void ExpectUniqueNamesWithPrefix(absl::Span<const Row> rows, absl::string_view prefix) {
  std::set<absl::string_view> names;
  for (const Row& row : rows) {
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    EXPECT_TRUE(absl::StartsWith(row.name, prefix)) << row.name;
  }
}

TEST(SeccompTableTest, EveryTableIsWellFormed) {
  ExpectUniqueNamesWithPrefix(SeccompActions(), "SCMP_ACT_");
  ExpectUniqueNamesWithPrefix(SeccompOperators(), "SCMP_CMP_");
  ExpectUniqueNamesWithPrefix(SeccompArchs(), "SCMP_ARCH_");
  ExpectUniqueNamesWithPrefix(SeccompFlags(), "SECCOMP_FILTER_FLAG_");
  // The kernel's return actions (seccomp(2)), which libseccomp's values are:
  // a value outside them would only look like an action an old kernel lacks.
  const std::set<uint32_t> kernel_actions = {
      SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO,
      SECCOMP_RET_USER_NOTIF,   SECCOMP_RET_TRACE,       SECCOMP_RET_LOG,  SECCOMP_RET_ALLOW};
  for (const SeccompActionInfo& a : SeccompActions()) {
    EXPECT_EQ(FindSeccompAction(a.name), &a);
    EXPECT_EQ(a.action & SECCOMP_RET_DATA, 0u) << a.name;  // errnoRet's bits are free
    EXPECT_TRUE(kernel_actions.contains(a.action)) << a.name;
  }
  // Every comparison libseccomp has, once.
  std::set<int> ops;
  for (const SeccompOperatorInfo& o : SeccompOperators()) {
    EXPECT_EQ(FindSeccompOperator(o.name), &o);
    EXPECT_GT(o.op, _SCMP_CMP_MIN) << o.name;
    EXPECT_LT(o.op, _SCMP_CMP_MAX) << o.name;
    ops.insert(o.op);
  }
  EXPECT_EQ(ops.size(), static_cast<size_t>(_SCMP_CMP_MAX - _SCMP_CMP_MIN - 1));
  for (const SeccompArchInfo& a : SeccompArchs()) {
    EXPECT_EQ(FindSeccompArch(a.name), &a);
    EXPECT_EQ(a.libseccomp_name, absl::AsciiStrToLower(a.name.substr(strlen("SCMP_ARCH_"))));
  }
  uint32_t bits = 0;
  for (const SeccompFlagInfo& f : SeccompFlags()) {
    EXPECT_EQ(FindSeccompFlag(f.name), &f);
    EXPECT_EQ(std::popcount(f.flag), 1) << f.name;
    EXPECT_EQ(bits & f.flag, 0u) << f.name;
    bits |= f.flag;
  }
}

// libseccomp with a default no row has (ERRNO(ENOSYS)), so that a rule with
// each row's action or operator is not refused as equal to the default.
scmp_filter_ctx NewFilter() { return seccomp_init(SCMP_ACT_ERRNO(ENOSYS)); }

class SeccompActionTest : public testing::TestWithParam<size_t> {};

// The kernel has the action (SECCOMP_GET_ACTION_AVAIL, seccomp(2)) and
// libseccomp takes it in a rule.
TEST_P(SeccompActionTest, TheKernelAndLibseccompTakeIt) {
  const SeccompActionInfo& a = SeccompActions()[GetParam()];
  uint32_t action = a.action;
  if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) != 0) {
    if (errno == EOPNOTSUPP) GTEST_SKIP() << "this kernel lacks " << a.name;
    GTEST_SKIP() << "needs seccomp(2) SECCOMP_GET_ACTION_AVAIL (Linux 4.14): " << strerror(errno);
  }
  scmp_filter_ctx ctx = NewFilter();
  ASSERT_NE(ctx, nullptr);
  absl::Cleanup release = [ctx] { seccomp_release(ctx); };
  uint32_t value = a.takes_ret ? a.action | EPERM : a.action;
  EXPECT_EQ(seccomp_rule_add(ctx, value, SCMP_SYS(getpid), 0), 0) << a.name;
}

INSTANTIATE_TEST_SUITE_P(EveryAction, SeccompActionTest, EveryRow(SeccompActions()),
                         RowName(SeccompActions()));

class SeccompOperatorTest : public testing::TestWithParam<size_t> {};

TEST_P(SeccompOperatorTest, LibseccompTakesIt) {
  const SeccompOperatorInfo& o = SeccompOperators()[GetParam()];
  scmp_filter_ctx ctx = NewFilter();
  ASSERT_NE(ctx, nullptr);
  absl::Cleanup release = [ctx] { seccomp_release(ctx); };
  scmp_arg_cmp arg = {0, o.op, 1, 1};
  EXPECT_EQ(seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, SCMP_SYS(getpid), 1, &arg), 0) << o.name;
}

INSTANTIATE_TEST_SUITE_P(EveryOperator, SeccompOperatorTest, EveryRow(SeccompOperators()),
                         RowName(SeccompOperators()));

class SeccompArchTest : public testing::TestWithParam<size_t> {};

// An architecture `nsinit features` lists must go into a filter here. The
// others need only be known: libseccomp may be older than them, and it
// refuses to mix byte orders in one filter (seccomp_arch_add(3)).
TEST_P(SeccompArchTest, LibseccompKnowsIt) {
  const SeccompArchInfo& a = SeccompArchs()[GetParam()];
  uint32_t token = seccomp_arch_resolve_name(std::string(a.libseccomp_name).c_str());
  if (token == 0 && !a.listed) {
    const scmp_version* v = seccomp_version();
    GTEST_SKIP() << "libseccomp " << v->major << "." << v->minor << "." << v->micro
                 << " does not know " << a.libseccomp_name;
  }
  ASSERT_NE(token, 0u) << a.name << " is listed in features but libseccomp does not know \""
                       << a.libseccomp_name << "\"";
  if (!a.listed) return;
  scmp_filter_ctx ctx = NewFilter();
  ASSERT_NE(ctx, nullptr);
  absl::Cleanup release = [ctx] { seccomp_release(ctx); };
  int rc = seccomp_arch_add(ctx, token);
  EXPECT_TRUE(rc == 0 || rc == -EEXIST) << a.name << ": " << strerror(-rc);
}

INSTANTIATE_TEST_SUITE_P(EveryArch, SeccompArchTest, EveryRow(SeccompArchs()),
                         RowName(SeccompArchs()));

class SeccompFlagTest : public testing::TestWithParam<size_t> {};

// seccomp(2) checks the flags before it reads the program: with no program
// a known flag fails with EFAULT, an unknown one with EINVAL (the probe
// libseccomp and runc use). Some flags are only valid with a listener.
TEST_P(SeccompFlagTest, TheKernelKnowsIt) {
  const SeccompFlagInfo& f = SeccompFlags()[GetParam()];
  auto probe = [](uint32_t flags) {
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, nullptr) == -1 ? errno : 0;
  };
  int err = probe(f.flag);
  if (err == EINVAL) err = probe(f.flag | SECCOMP_FILTER_FLAG_NEW_LISTENER);
  if (err == EINVAL) GTEST_SKIP() << "this kernel lacks " << f.name;
  if (err == ENOSYS) GTEST_SKIP() << "needs seccomp(2)";
  EXPECT_EQ(err, EFAULT) << f.name << ": " << strerror(err);
}

INSTANTIATE_TEST_SUITE_P(EveryFlag, SeccompFlagTest, EveryRow(SeccompFlags()),
                         RowName(SeccompFlags()));

}  // namespace
}  // namespace nsinit::config

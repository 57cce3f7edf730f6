#include "runtime/linux/resolve_in_root.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "runtime/linux/syscalls.h"

namespace nsinit::sys {
namespace {

// Every entry below `dir`, as paths relative to it; symlinks are listed,
// never followed.
void ListTree(const std::string& dir, const std::string& rel, std::set<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = rel.empty() ? name : rel + "/" + name;
    out->insert(path);
    struct stat st;
    if (lstat((dir + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      ListTree(dir + "/" + name, path, out);
    }
  }
  closedir(d);
}

std::set<std::string> Tree(const std::string& dir) {
  std::set<std::string> out;
  ListTree(dir, "", &out);
  return out;
}

// Runs on the real kernel in TEST_TMPDIR; needs openat2 (Linux 5.6), no
// privilege: everything it makes is in its own directory.
class ResolveInRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int probe = Openat2(AT_FDCWD, "/", O_PATH | O_CLOEXEC, 0, 0);
    if (probe < 0 && errno == ENOSYS) GTEST_SKIP() << "needs openat2(2) (Linux 5.6)";
    close(probe);
    // The init creates with umask 0, so modes are exact.
    old_umask_ = umask(0);
    const char* tmp = getenv("TEST_TMPDIR");
    base_ = absl::StrCat(tmp ? tmp : "/tmp", "/resolve-", getpid(), "-", counter_++);
    root_ = base_ + "/root";
    outside_ = base_ + "/outside";
    ASSERT_EQ(mkdir(base_.c_str(), 0755), 0) << strerror(errno);
    ASSERT_EQ(mkdir(root_.c_str(), 0755), 0);
    ASSERT_EQ(mkdir(outside_.c_str(), 0755), 0);
    root_fd_.reset(open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(root_fd_.valid());
  }
  void TearDown() override { umask(old_umask_); }

  void Mkdir(const std::string& rel) { ASSERT_EQ(mkdir((root_ + "/" + rel).c_str(), 0700), 0); }
  void Link(const std::string& target, const std::string& rel) {
    ASSERT_EQ(symlink(target.c_str(), (root_ + "/" + rel).c_str()), 0) << rel;
  }
  static struct stat Lstat(const std::string& path) {
    struct stat st = {};
    EXPECT_EQ(lstat(path.c_str(), &st), 0) << path << ": " << strerror(errno);
    return st;
  }
  // Whether `fd` is the file at host path `path` (not followed).
  static bool IsFile(const UniqueFd& fd, const std::string& path) {
    struct stat a, b;
    return fd.valid() && fstat(fd.get(), &a) == 0 && lstat(path.c_str(), &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  }
  // OpenInRoot expected to fail: its errno.
  int FailErrno(const std::string& path, IfMissing if_missing) {
    errno = 0;
    UniqueFd fd = OpenInRoot(root_fd_.get(), path, if_missing);
    int err = errno;
    EXPECT_FALSE(fd.valid()) << path;
    return err;
  }

  std::string base_, root_, outside_;
  UniqueFd root_fd_;
  mode_t old_umask_ = 022;
  static inline int counter_ = 0;
};

TEST_F(ResolveInRootTest, OpensWhatExistsWithoutCreating) {
  Mkdir("a");
  Mkdir("a/b");
  for (IfMissing m : {IfMissing::kFail, IfMissing::kMakeDirectories, IfMissing::kMakeFile}) {
    UniqueFd fd = OpenInRoot(root_fd_.get(), "/a//b/", m);
    EXPECT_TRUE(IsFile(fd, root_ + "/a/b"));
  }
  EXPECT_TRUE(IsFile(OpenInRoot(root_fd_.get(), "", IfMissing::kMakeDirectories), root_));
  EXPECT_EQ(Tree(root_), (std::set<std::string>{"a", "a/b"}));
}

TEST_F(ResolveInRootTest, MissingPathIsENOENTAndNothingIsMadeWhenAskedNotTo) {
  Mkdir("a");
  EXPECT_EQ(FailErrno("a/b/c", IfMissing::kFail), ENOENT);
  EXPECT_EQ(Tree(root_), (std::set<std::string>{"a"}));
}

TEST_F(ResolveInRootTest, MakesMissingDirectories) {
  Mkdir("a");
  UniqueFd fd = OpenInRoot(root_fd_.get(), "a/b/c", IfMissing::kMakeDirectories);
  EXPECT_TRUE(IsFile(fd, root_ + "/a/b/c"));
  for (const char* dir : {"/a/b", "/a/b/c"}) {
    struct stat st = Lstat(root_ + dir);
    EXPECT_TRUE(S_ISDIR(st.st_mode)) << dir;
    EXPECT_EQ(st.st_mode & 07777, 0755u) << dir;
  }
  EXPECT_EQ(Tree(root_), (std::set<std::string>{"a", "a/b", "a/b/c"}));
}

TEST_F(ResolveInRootTest, MakesAMissingFileUnderMissingDirectories) {
  UniqueFd fd = OpenInRoot(root_fd_.get(), "dev/null", IfMissing::kMakeFile);
  EXPECT_TRUE(IsFile(fd, root_ + "/dev/null"));
  struct stat st = Lstat(root_ + "/dev/null");
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(st.st_size, 0);
  EXPECT_TRUE(S_ISDIR(Lstat(root_ + "/dev").st_mode));
}

TEST_F(ResolveInRootTest, AbsoluteSymlinkStaysInTheRoot) {
  // outside_ exists on the host, with a file in it; in the root it does not.
  ASSERT_EQ(mkdir((outside_ + "/etc").c_str(), 0755), 0);
  Link(outside_, "abs");
  EXPECT_EQ(FailErrno("abs/etc", IfMissing::kFail), ENOENT);
  UniqueFd fd = OpenInRoot(root_fd_.get(), "abs/etc/new", IfMissing::kMakeDirectories);
  EXPECT_TRUE(IsFile(fd, root_ + outside_ + "/etc/new"));
  EXPECT_EQ(Tree(outside_), (std::set<std::string>{"etc"}));
  // "/" itself is the root.
  Link("/", "slash");
  EXPECT_TRUE(IsFile(OpenInRoot(root_fd_.get(), "slash", IfMissing::kFail), root_));
}

TEST_F(ResolveInRootTest, DotDotStaysInTheRoot) {
  ASSERT_EQ(mkdir((base_ + "/escaped").c_str(), 0755), 0);
  Mkdir("d");
  Link("../../../../escaped", "d/up");
  // The link's ".." stop at the root: root/escaped, made there.
  UniqueFd fd = OpenInRoot(root_fd_.get(), "d/up/x", IfMissing::kMakeDirectories);
  EXPECT_TRUE(IsFile(fd, root_ + "/escaped/x"));
  // So do the path's own.
  fd = OpenInRoot(root_fd_.get(), "../outside/y", IfMissing::kMakeFile);
  EXPECT_TRUE(IsFile(fd, root_ + "/outside/y"));
  std::string name;
  UniqueFd parent = OpenParentInRoot(root_fd_.get(), "d/up/../../../z", &name);
  EXPECT_TRUE(IsFile(parent, root_));
  EXPECT_EQ(name, "z");
  EXPECT_TRUE(Tree(base_ + "/escaped").empty());
  EXPECT_TRUE(Tree(outside_).empty());
}

TEST_F(ResolveInRootTest, DanglingSymlinkHasItsTargetMadeInTheRoot) {
  Mkdir("dev");
  Link("/made/here", "dev/abs");
  Link("sub/file", "dev/rel");
  EXPECT_EQ(FailErrno("dev/abs", IfMissing::kFail), ENOENT);
  EXPECT_EQ(Tree(root_), (std::set<std::string>{"dev", "dev/abs", "dev/rel"}));

  // An absolute link from the root, the rest of the path below it.
  UniqueFd fd = OpenInRoot(root_fd_.get(), "dev/abs/below", IfMissing::kMakeDirectories);
  EXPECT_TRUE(IsFile(fd, root_ + "/made/here/below"));
  // A relative one from the link's directory; a file when asked for one.
  fd = OpenInRoot(root_fd_.get(), "dev/rel", IfMissing::kMakeFile);
  EXPECT_TRUE(IsFile(fd, root_ + "/dev/sub/file"));
  EXPECT_TRUE(S_ISREG(Lstat(root_ + "/dev/sub/file").st_mode));
  // The links stay links.
  EXPECT_TRUE(S_ISLNK(Lstat(root_ + "/dev/abs").st_mode));
  EXPECT_TRUE(S_ISLNK(Lstat(root_ + "/dev/rel").st_mode));
  // A chain of them, out of the root by name: made inside.
  Link(outside_ + "/chained", "first");
  Link("/first", "second");
  fd = OpenInRoot(root_fd_.get(), "second", IfMissing::kMakeDirectories);
  EXPECT_TRUE(IsFile(fd, root_ + outside_ + "/chained"));
  EXPECT_TRUE(Tree(outside_).empty());
}

TEST_F(ResolveInRootTest, SymlinkLoopIsELOOPAndChangesNothing) {
  Link("b", "a");
  Link("/a", "b");
  Link("self/x", "self");
  const std::set<std::string> before = Tree(root_);
  for (IfMissing m : {IfMissing::kFail, IfMissing::kMakeDirectories, IfMissing::kMakeFile}) {
    EXPECT_EQ(FailErrno("a/c", m), ELOOP);
    EXPECT_EQ(FailErrno("self", m), ELOOP);
  }
  std::string name;
  errno = 0;
  EXPECT_FALSE(OpenParentInRoot(root_fd_.get(), "a/c", &name).valid());
  EXPECT_EQ(errno, ELOOP);
  EXPECT_EQ(Tree(root_), before);
}

TEST_F(ResolveInRootTest, ComponentLongerThanNameMaxIsENAMETOOLONG) {
  const std::string long_name(NAME_MAX + 1, 'n');
  EXPECT_EQ(FailErrno(long_name, IfMissing::kMakeDirectories), ENAMETOOLONG);
  EXPECT_EQ(FailErrno(long_name + "/x", IfMissing::kMakeFile), ENAMETOOLONG);
  // Behind a missing directory: refused before anything is made, nothing
  // in its place, truncated or not.
  EXPECT_EQ(FailErrno("missing/" + long_name, IfMissing::kMakeFile), ENAMETOOLONG);
  EXPECT_EQ(FailErrno("missing/" + long_name + "/x", IfMissing::kMakeFile), ENAMETOOLONG);
  EXPECT_TRUE(Tree(root_).empty());
  // NAME_MAX itself is fine.
  UniqueFd fd = OpenInRoot(root_fd_.get(), std::string(NAME_MAX, 'm'), IfMissing::kMakeFile);
  EXPECT_TRUE(fd.valid()) << strerror(errno);
}

TEST_F(ResolveInRootTest, PathOfPathMaxOrMoreIsENAMETOOLONGAndMakesNothing) {
  std::string deep;  // its parent directory too is longer than PATH_MAX - 1
  while (deep.size() <= PATH_MAX) deep += "aaaaaaa/";
  EXPECT_EQ(FailErrno(deep, IfMissing::kMakeDirectories), ENAMETOOLONG);
  std::string name;
  errno = 0;
  EXPECT_FALSE(OpenParentInRoot(root_fd_.get(), deep + "x", &name).valid());
  EXPECT_EQ(errno, ENAMETOOLONG);
  EXPECT_TRUE(Tree(root_).empty());

  // Through a dangling link: its text and the rest of the path together
  // are too long, though each is short enough alone. Nothing is made, not
  // even a truncated part of it.
  std::string target = "/";
  while (target.size() < PATH_MAX - 200) target += "bbbbbbb/";
  Link(target, "link");
  std::string rest;
  while (rest.size() < 400) rest += "ccccccc/";
  EXPECT_EQ(FailErrno("link/" + rest, IfMissing::kMakeDirectories), ENAMETOOLONG);
  EXPECT_EQ(Tree(root_), (std::set<std::string>{"link"}));
}

TEST_F(ResolveInRootTest, ParentOfAPathIsMadeAndItsLastComponentNamed) {
  std::string name;
  UniqueFd dir = OpenParentInRoot(root_fd_.get(), "dev/pts/ptmx", &name);
  EXPECT_TRUE(IsFile(dir, root_ + "/dev/pts"));
  EXPECT_EQ(name, "ptmx");
  EXPECT_EQ(Tree(root_), (std::set<std::string>{"dev", "dev/pts"}));
  dir = OpenParentInRoot(root_fd_.get(), "console", &name);
  EXPECT_TRUE(IsFile(dir, root_));
  EXPECT_EQ(name, "console");
  // Through an absolute link, inside the root.
  Link(outside_, "dev/pts/out");
  dir = OpenParentInRoot(root_fd_.get(), "dev/pts/out/node", &name);
  EXPECT_TRUE(IsFile(dir, root_ + outside_));
  EXPECT_EQ(name, "node");
  EXPECT_TRUE(Tree(outside_).empty());
}

}  // namespace
}  // namespace nsinit::sys

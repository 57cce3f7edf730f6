// Needs: a writable $TEST_TMPDIR (or /tmp) and /proc. No root: as root the
// permission checks are bypassed, but the modes tested are set either way.
#include "runtime/base/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/base/unique_fd.h"
#include "tools/testing/temp_dir.h"

namespace nsinit {
namespace {

using ::testing::HasSubstr;

class FileIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("file_io");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = std::make_unique<testing::TempDir>(*std::move(dir));
  }

  std::string Path(const std::string& name) const { return dir_->Sub(name); }

  // Writes `contents` with plain open/write: the fixture must not depend on
  // the code under test.
  void Put(const std::string& name, const std::string& contents) const {
    UniqueFd fd(open(Path(name).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    ASSERT_TRUE(fd.valid()) << Path(name);
    ASSERT_EQ(write(fd.get(), contents.data(), contents.size()),
              static_cast<ssize_t>(contents.size()));
  }

  // The content of `name`, or the error in its place.
  std::string Contents(const std::string& name) const {
    absl::StatusOr<std::string> got = ReadFile(Path(name), 1 << 20);
    return got.ok() ? *got : absl::StrCat("<error: ", got.status().ToString(), ">");
  }

  std::vector<std::string> Entries() const {
    std::vector<std::string> out;
    DIR* d = opendir(dir_->path().c_str());
    if (d == nullptr) return out;
    while (struct dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") out.push_back(name);
    }
    closedir(d);
    return out;
  }

  std::unique_ptr<testing::TempDir> dir_;
};

TEST_F(FileIoTest, ReadsAWholeFileUpToTheCap) {
  std::string big(200 * 1024 + 7, 'x');  // more than one read chunk
  Put("big", big);
  absl::StatusOr<std::string> got = ReadFile(Path("big"), big.size());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, big);
  Put("empty", "");
  got = ReadFile(Path("empty"), 0);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, "");
}

TEST_F(FileIoTest, OneByteOverTheCapIsAnErrorNamingTheCap) {
  Put("f", "12345");
  absl::StatusOr<std::string> got = ReadFile(Path("f"), 4);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(got.status().message(),
            absl::StrCat("read ", Path("f"), ": larger than the cap of 4 bytes"));
}

TEST_F(FileIoTest, AnEndlessFileStopsAtTheCap) {
  absl::StatusOr<std::string> got = ReadFile("/dev/zero", 100000);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(FileIoTest, ReadsProcfsFilesThatReportSizeZero) {
  struct stat st;
  ASSERT_EQ(stat("/proc/self/stat", &st), 0);
  ASSERT_EQ(st.st_size, 0);
  absl::StatusOr<std::string> got = ReadFile("/proc/self/stat", 4096);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(absl::StartsWith(*got, absl::StrCat(getpid(), " ("))) << *got;
}

TEST_F(FileIoTest, AMissingFileIsNotFoundNamingOpenAndThePath) {
  absl::StatusOr<std::string> got = ReadFile(Path("nope"), 100);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(),
            absl::StrCat("open ", Path("nope"), ": ENOENT: No such file or directory"));
}

TEST_F(FileIoTest, NoFollowRefusesASymlinkAndSaysSo) {
  Put("target", "secret");
  ASSERT_EQ(symlink(Path("target").c_str(), Path("link").c_str()), 0);
  absl::StatusOr<std::string> followed = ReadFile(Path("link"), 100);
  ASSERT_TRUE(followed.ok()) << followed.status();
  EXPECT_EQ(*followed, "secret");
  absl::StatusOr<std::string> refused = ReadFile(Path("link"), 100, O_NOFOLLOW);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr(absl::StrCat("open ", Path("link"), " (O_NOFOLLOW): ELOOP")));
}

TEST_F(FileIoTest, AReadErrorNamesReadAndThePath) {
  absl::StatusOr<std::string> got = ReadFile(dir_->path(), 100);
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(std::string(got.status().message()),
              HasSubstr(absl::StrCat("read ", dir_->path(), ": EISDIR")));
}

TEST_F(FileIoTest, WriteFlagsAreRefused) {
  Put("f", "x");
  for (int flags : {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND}) {
    absl::StatusOr<std::string> got = ReadFile(Path("f"), 100, flags);
    ASSERT_FALSE(got.ok()) << flags;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << flags;
  }
}

TEST_F(FileIoTest, ReadFdReadsAPipeToEof) {
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  UniqueFd r(p[0]), w(p[1]);
  ASSERT_EQ(write(w.get(), "hello", 5), 5);
  w.reset();
  absl::StatusOr<std::string> got = ReadFd(r.get(), 5, "stdin");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, "hello");
}

TEST_F(FileIoTest, ReadFdNamesItsSourceOverTheCap) {
  int p[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  UniqueFd r(p[0]), w(p[1]);
  ASSERT_EQ(write(w.get(), "hello", 5), 5);
  w.reset();
  absl::StatusOr<std::string> got = ReadFd(r.get(), 3, "stdin");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "read stdin: larger than the cap of 3 bytes");
}

TEST_F(FileIoTest, AtomicWriteReplacesTheContentAndLeavesOnlyTheFile) {
  Put("state.json", "old and longer");
  ASSERT_TRUE(WriteFileAtomic(Path("state.json"), "new", 0600).ok());
  EXPECT_EQ(Contents("state.json"), "new");
  EXPECT_EQ(Entries(), std::vector<std::string>{"state.json"});
}

TEST_F(FileIoTest, AtomicWriteGivesExactlyTheModeWhateverTheUmask) {
  mode_t old_umask = umask(077);
  absl::Cleanup restore = [old_umask] { umask(old_umask); };
  ASSERT_TRUE(WriteFileAtomic(Path("open"), "x", 0644).ok());
  umask(0);
  ASSERT_TRUE(WriteFileAtomic(Path("closed"), "x", 0600).ok());
  struct stat st;
  ASSERT_EQ(stat(Path("open").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  ASSERT_EQ(stat(Path("closed").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(FileIoTest, AtomicWriteReplacesASymlinkInsteadOfFollowingIt) {
  Put("target", "keep");
  ASSERT_EQ(symlink(Path("target").c_str(), Path("link").c_str()), 0);
  ASSERT_TRUE(WriteFileAtomic(Path("link"), "new", 0600).ok());
  struct stat st;
  ASSERT_EQ(lstat(Path("link").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(Contents("target"), "keep");
}

// A write that fails halfway (EFBIG past RLIMIT_FSIZE) keeps the old
// content and removes its temp file.
TEST_F(FileIoTest, AFailedWriteKeepsTheOldContentAndNoTempFile) {
  Put("pid", "old");
  struct rlimit old_limit;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct sigaction ignore = {}, old_action;
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(sigaction(SIGXFSZ, &ignore, &old_action), 0);
  struct rlimit small = old_limit;
  small.rlim_cur = 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  absl::Status s = WriteFileAtomic(Path("pid"), std::string(4096, 'n'), 0644);
  // Restored before anything else writes (gtest's own output files).
  setrlimit(RLIMIT_FSIZE, &old_limit);
  sigaction(SIGXFSZ, &old_action, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr(absl::StrCat("write ", Path(".pid."))));
  EXPECT_THAT(std::string(s.message()), HasSubstr("EFBIG"));
  EXPECT_EQ(Contents("pid"), "old");
  EXPECT_EQ(Entries(), std::vector<std::string>{"pid"});
}

TEST_F(FileIoTest, AFailedRenameRemovesTheTempFile) {
  ASSERT_EQ(mkdir(Path("dir").c_str(), 0700), 0);
  Put("dir/inside", "x");  // a non-empty directory cannot be replaced
  absl::Status s = WriteFileAtomic(Path("dir"), "new", 0600);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr(absl::StrCat(" to ", Path("dir"), ": EISDIR")));
  EXPECT_EQ(Entries(), std::vector<std::string>{"dir"});
}

TEST_F(FileIoTest, AMissingDirectoryIsAnErrorNamingThePath) {
  absl::Status s = WriteFileAtomic(Path("no/such"), "x", 0600);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr(absl::StrCat("mkostemp ", Path("no/.such.XXXXXX"), " (for ",
                                     Path("no/such"), "): ENOENT")));
}

TEST_F(FileIoTest, FsyncWritesTheSameContent) {
  ASSERT_TRUE(WriteFileAtomic(Path("durable"), "kept", 0640, Durability::kFsync).ok());
  EXPECT_EQ(Contents("durable"), "kept");
  struct stat st;
  ASSERT_EQ(stat(Path("durable").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
}

TEST_F(FileIoTest, APathWithoutAFileNameIsRefused) {
  absl::Status s = WriteFileAtomic(Path("dir/"), "x", 0600);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(Entries().empty());
}

}  // namespace
}  // namespace nsinit

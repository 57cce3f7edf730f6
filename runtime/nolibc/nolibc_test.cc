// Runs the nolibc self-test (selftest_main.cc, linked with nolibc) and holds
// it to glibc: the checks of checks.h run here, in this glibc process, and
// in the self-test, on identically prepared scratch directories, and every
// line must be the same. Also: the self-test's image is static, small, free
// of glibc and of constructors; its fatal errors end it as nolibc.h says;
// execve passes arguments and environment through.
#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/nolibc/checks.h"

namespace {

using nsinit::nolibc_checks::Report;

std::string SelftestPath() {
  const char* srcdir = getenv("TEST_SRCDIR");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/nsinit/runtime/nolibc/nolibc_selftest";
}

// TEST_TMPDIR without symlinks: the checks print paths under it as "$S".
std::string CanonicalTmpDir() {
  const char* dir = getenv("TEST_TMPDIR");
  char* real = realpath(dir != nullptr ? dir : "/tmp", nullptr);
  std::string out = real != nullptr ? real : "/tmp";
  free(real);
  return out;
}

void WriteFile(const std::string& path, const std::string& content) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  close(fd);
}

void Symlink(const std::string& target, const std::string& path) {
  ASSERT_EQ(symlink(target.c_str(), path.c_str()), 0) << path;
}

// What checks_system.cc and checks_realpath.cc expect to find.
void PrepareScratch(const std::string& dir) {
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << dir;
  WriteFile(dir + "/file", "hello, nolibc\n");
  ASSERT_EQ(mkdir((dir + "/dir").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((dir + "/dir/sub").c_str(), 0755), 0);
  WriteFile(dir + "/dir/sub/leaf", "leaf\n");
  Symlink(dir + "/dir", dir + "/link_abs");
  Symlink("dir/sub", dir + "/link_rel");
  Symlink("chain2", dir + "/chain1");
  Symlink("link_rel", dir + "/chain2");
  Symlink("..", dir + "/dir/up");
  Symlink("file", dir + "/file_link");
  Symlink("missing", dir + "/dangling");
  Symlink("loop_b", dir + "/loop_a");
  Symlink("loop_a", dir + "/loop_b");
}

void AppendTo(void* context, const char* line, size_t len) {
  static_cast<std::string*>(context)->append(line, len);
}

struct SelftestRun {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs the self-test with `args`, collecting stdout and stderr.
SelftestRun RunSelftest(const std::vector<std::string>& args) {
  int out[2], err[2];
  EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
  EXPECT_EQ(pipe2(err, O_CLOEXEC), 0);
  std::string path = SelftestPath();
  std::vector<char*> argv = {path.data()};
  std::vector<std::string> copies = args;
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    execv(path.c_str(), argv.data());
    _exit(126);
  }
  close(out[1]);
  close(err[1]);
  SelftestRun run;
  struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&run.out, &run.err};
  for (int open_fds = 2; open_fds > 0;) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[65536];
      ssize_t n = read(fds[i].fd, buf, sizeof(buf));
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  EXPECT_EQ(waitpid(pid, &run.status, 0), pid);
  return run;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start) + " <no newline>");
  return lines;
}

// Where nolibc differs from glibc on purpose (nolibc.h): no floating point.
const char* kFloatLine = "float: 25 \"?|1|?|2|?|3|?|4|?|?|?|?|9\"";

TEST(NolibcTest, EveryCheckMatchesGlibc) {
  std::string tmp = CanonicalTmpDir();
  std::string glibc_dir = tmp + "/glibc";
  std::string nolibc_dir = tmp + "/nolibc";
  ASSERT_NO_FATAL_FAILURE(PrepareScratch(glibc_dir));
  ASSERT_NO_FATAL_FAILURE(PrepareScratch(nolibc_dir));

  // Here first: the checks expect this process to have no children.
  std::string glibc_out;
  nsinit::nolibc_checks::RunChecks(Report(AppendTo, &glibc_out, glibc_dir.c_str()), environ);
  SelftestRun nolibc = RunSelftest({"checks", nolibc_dir});
  ASSERT_TRUE(WIFEXITED(nolibc.status) && WEXITSTATUS(nolibc.status) == 0)
      << "status " << nolibc.status << ", stderr:\n"
      << nolibc.err << "stdout's end:\n"
      << nolibc.out.substr(nolibc.out.size() > 2000 ? nolibc.out.size() - 2000 : 0);
  EXPECT_EQ(nolibc.err, "");

  std::vector<std::string> expected = Lines(glibc_out);
  std::vector<std::string> actual = Lines(nolibc.out);
  ASSERT_GT(expected.size(), 500u);
  EXPECT_EQ(actual.size(), expected.size());
  int compared = 0;
  for (size_t i = 0; i < expected.size() && i < actual.size(); ++i) {
    std::string want = expected[i];
    if (want.rfind("float: ", 0) == 0) want = kFloatLine;
    // Skipped on this side (checks.h, kUnderAddressSanitizer): same name.
    if (want.size() > 9 && want.compare(want.size() - 9, 9, ": skipped") == 0) {
      EXPECT_EQ(actual[i].substr(0, actual[i].find(':')), want.substr(0, want.find(':')));
      continue;
    }
    EXPECT_EQ(actual[i], want) << "line " << i + 1 << " (nolibc vs glibc)";
    ++compared;
  }
  EXPECT_GT(compared, 500);
}

// The image: static (no interpreter, no dynamic section), no constructors
// to run, no relocations to apply, its TLS segment present (the checks use
// thread_local), small, and without a trace of glibc.
TEST(NolibcTest, ImageIsStaticSmallAndGlibcFree) {
  std::string path = SelftestPath();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0) << path;
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  std::string image(static_cast<size_t>(st.st_size), '\0');
  ASSERT_EQ(pread(fd, image.data(), image.size(), 0), st.st_size);
  close(fd);
  EXPECT_EQ(image.find("GLIBC"), std::string::npos);

  ASSERT_GE(image.size(), sizeof(Elf64_Ehdr));
  Elf64_Ehdr eh;
  memcpy(&eh, image.data(), sizeof(eh));
  ASSERT_EQ(memcmp(eh.e_ident, ELFMAG, SELFMAG), 0);
  EXPECT_EQ(eh.e_ident[EI_CLASS], ELFCLASS64);
  EXPECT_EQ(eh.e_type, ET_EXEC);
  EXPECT_EQ(eh.e_machine, EM_X86_64);

  bool tls = false;
  uint64_t loaded = 0;
  for (int i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    ASSERT_LE(eh.e_phoff + (i + 1) * sizeof(ph), image.size());
    memcpy(&ph, image.data() + eh.e_phoff + i * sizeof(ph), sizeof(ph));
    EXPECT_NE(ph.p_type, PT_INTERP) << "program header " << i;
    EXPECT_NE(ph.p_type, PT_DYNAMIC) << "program header " << i;  // so no DT_NEEDED
    tls = tls || ph.p_type == PT_TLS;
    if (ph.p_type == PT_LOAD) loaded += ph.p_filesz;
  }
  // What exec maps from the file (symbols, and the debug information of
  // some configurations, are not loaded). Static glibc alone is ~700 KiB.
  EXPECT_LT(loaded, 200u * 1024) << "file size " << st.st_size;
  EXPECT_TRUE(tls) << "no PT_TLS: the checks' thread_local variables are gone";

  ASSERT_NE(eh.e_shoff, 0u);
  ASSERT_LT(eh.e_shstrndx, eh.e_shnum);
  std::vector<Elf64_Shdr> sections(eh.e_shnum);
  ASSERT_LE(eh.e_shoff + eh.e_shnum * sizeof(Elf64_Shdr), image.size());
  memcpy(sections.data(), image.data() + eh.e_shoff, eh.e_shnum * sizeof(Elf64_Shdr));
  const char* names = image.data() + sections[eh.e_shstrndx].sh_offset;
  bool has_text = false;
  for (const Elf64_Shdr& sh : sections) {
    std::string name = names + sh.sh_name;
    has_text = has_text || name == ".text";
    EXPECT_NE(name, ".interp");
    EXPECT_NE(name, ".dynamic");
    // nolibc runs no constructors and applies no relocations (IRELATIVE).
    if (name == ".init" || name == ".preinit_array" || name == ".init_array" || name == ".ctors" ||
        name.rfind(".rela", 0) == 0) {
      EXPECT_EQ(sh.sh_size, 0u) << name;
    }
    EXPECT_NE(sh.sh_type, static_cast<Elf64_Word>(SHT_DYNAMIC)) << name;
  }
  EXPECT_TRUE(has_text);
}

TEST(NolibcTest, ExecvePassesArgumentsAndEnvironment) {
  SelftestRun run = RunSelftest({"exec"});
  EXPECT_EQ(run.err, "");
  ASSERT_TRUE(WIFEXITED(run.status)) << run.status;
  EXPECT_EQ(WEXITSTATUS(run.status), 5);  // env's own exit status
  EXPECT_EQ(run.out,
            "argv: 3 \"nolibc_selftest\" \"env\" \"a b\"\n"
            "environ: \"X=1\" \"EMPTY=\"\n"
            "envp is environ: 1 1\n"
            "single threaded: 1\n"
            "setsid: 1\n"
            "setsid again: ret=-1 errno=1\n"
            "waitpid: 1 1 7\n");
}

struct FatalCase {
  const char* mode;
  const char* stderr_text;
  int signal;  // 0: exit status 127
};

class NolibcFatalTest : public testing::TestWithParam<FatalCase> {};

TEST_P(NolibcFatalTest, EndsTheProcessAsDocumented) {
  const FatalCase& c = GetParam();
  SelftestRun run = RunSelftest({c.mode});
  EXPECT_EQ(run.err, c.stderr_text);
  EXPECT_EQ(run.out, "");
  if (c.signal != 0) {
    ASSERT_TRUE(WIFSIGNALED(run.status)) << run.status;
    EXPECT_EQ(WTERMSIG(run.status), c.signal);
  } else {
    ASSERT_TRUE(WIFEXITED(run.status)) << run.status;
    EXPECT_EQ(WEXITSTATUS(run.status), 127);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Modes, NolibcFatalTest,
    testing::Values(FatalCase{"smash", "nolibc: stack smashing detected\n", 0},
                    FatalCase{"fortify", "nolibc: buffer overflow detected\n", 0},
                    FatalCase{"oom", "nolibc: out of memory\n", 0},
                    FatalCase{"throw", "nolibc: std::length_error: vector::reserve\n", 0},
                    FatalCase{"abort", "nolibc: abort\n", SIGABRT},
                    FatalCase{"assert",
                              "nolibc: selftest_main.cc:42: Fatal: Assertion `1 == 2' failed.\n",
                              SIGABRT}),
    [](const testing::TestParamInfo<FatalCase>& info) { return std::string(info.param.mode); });

}  // namespace

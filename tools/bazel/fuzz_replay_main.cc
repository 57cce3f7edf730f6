// A main for fuzz targets outside --config=fuzz: runs LLVMFuzzerTestOneInput
// once per file named on the command line (directories: every regular file
// in them), as libFuzzer does when given files. A crash, a sanitizer report
// or a non-zero return fails the run; it prints how many inputs it ran.
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tools/bazel/fuzz_target.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {

void Collect(const std::string& path, std::vector<std::string>* files) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    fprintf(stderr, "fuzz_replay: %s: cannot stat\n", path.c_str());
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    files->push_back(path);
    return;
  }
  DIR* d = opendir(path.c_str());
  if (d == nullptr) return;
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") Collect(path + "/" + name, files);
  }
  closedir(d);
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') continue;  // libFuzzer flags: ignored here
    Collect(argv[i], &files);
  }
  if (files.empty()) {
    fprintf(stderr, "fuzz_replay: no inputs given\n");
    return 1;
  }
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string data = ss.str();
    if (LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size()) != 0) {
      fprintf(stderr, "fuzz_replay: %s: the target returned non-zero\n", f.c_str());
      return 1;
    }
  }
  printf("fuzz_replay: %zu inputs ran\n", files.size());
  return 0;
}

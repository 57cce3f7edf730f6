// UniqueFd: the single owner of a file descriptor.
//
// Move-only; closes on destruction. Every fd the runtime opens is held by one
// of these (or explicitly released to the kernel, e.g. handed to a child), so
// an early return can never leak a descriptor into a container
// (CVE-2024-21626 was such a leak).
#ifndef NSINIT_RUNTIME_BASE_UNIQUE_FD_H_
#define NSINIT_RUNTIME_BASE_UNIQUE_FD_H_

#include <unistd.h>

#include <utility>

namespace nsinit {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  explicit operator bool() const { return valid(); }

  // Gives up ownership without closing.
  int release() { return std::exchange(fd_, -1); }

  // Closes the held fd (if any) and takes `fd`.
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace nsinit

#endif  // NSINIT_RUNTIME_BASE_UNIQUE_FD_H_

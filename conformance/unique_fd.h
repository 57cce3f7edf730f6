// UniqueFd: the single, move-only owner of a file descriptor, closed on
// destruction. The suite's own (issue 18: the judge shares no code with
// the runtime it judges).
#ifndef NSINIT_CONFORMANCE_UNIQUE_FD_H_
#define NSINIT_CONFORMANCE_UNIQUE_FD_H_

#include <unistd.h>

#include <utility>

namespace nsinit::conformance {

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
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_UNIQUE_FD_H_

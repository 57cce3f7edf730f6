// Registers the embedded init image (init_image.h) at static
// initialization; linked in whole (alwayslink) by //runtime/process:init_image.
#include "runtime/process/init_image.h"

namespace nsinit::process {
namespace internal {
extern const unsigned char kInitImage[];
extern const size_t kInitImageSize;
}  // namespace internal
namespace {

[[maybe_unused]] const bool registered = [] {
  RegisterInitImage(internal::kInitImage, internal::kInitImageSize);
  return true;
}();

}  // namespace
}  // namespace nsinit::process

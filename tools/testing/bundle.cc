#include "tools/testing/bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "conformance/status.h"
#include "conformance/unique_fd.h"
#include "rapidjson/document.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "tools/testing/json_merge_patch.h"
#include "tools/testing/oci_base_config.h"

namespace nsinit::testing {

using ::nsinit::conformance::ErrnoStatus;
using ::nsinit::conformance::UniqueFd;
namespace {

absl::Status WriteWholeFile(const std::string& path, absl::string_view text) {
  // Written beside and renamed, so a reader never sees half a config.
  std::string tmp = absl::StrCat(path, ".tmp");
  UniqueFd fd(open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd) return ErrnoStatus(errno, absl::StrCat("create ", tmp));
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus(errno, absl::StrCat("write ", tmp));
    done += static_cast<size_t>(n);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    return ErrnoStatus(errno, absl::StrCat("rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> MakeOciConfigJson(absl::string_view patch) {
  ASSIGN_OR_RETURN(std::string compact, JsonMergePatch(BaseOciConfigJson(), patch));
  rapidjson::Document doc;
  doc.Parse(compact.c_str());
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  doc.Accept(writer);
  return absl::StrCat(absl::string_view(buffer.GetString(), buffer.GetSize()), "\n");
}

absl::Status WriteBundle(absl::string_view dir, const RootfsBuilder& rootfs,
                         absl::string_view patch) {
  std::string d(dir);
  ASSIGN_OR_RETURN(std::string config, MakeOciConfigJson(patch));
  if (mkdir(d.c_str(), 0755) != 0 && errno != EEXIST) {
    return ErrnoStatus(errno, absl::StrCat("mkdir ", d));
  }
  RETURN_IF_ERROR(rootfs.Build(absl::StrCat(d, "/rootfs")));
  return WriteWholeFile(absl::StrCat(d, "/config.json"), config);
}

absl::StatusOr<Bundle> Bundle::Create(const RootfsBuilder& rootfs, absl::string_view patch) {
  ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("bundle"));
  RETURN_IF_ERROR(WriteBundle(dir.path(), rootfs, patch));
  // runc and nsinit need the bundle readable by the container's user.
  if (chmod(dir.path().c_str(), 0755) != 0) {
    return ErrnoStatus(errno, absl::StrCat("chmod ", dir.path()));
  }
  return Bundle(std::move(dir));
}

absl::Status Bundle::RewriteConfig(absl::string_view patch) {
  ASSIGN_OR_RETURN(std::string config, MakeOciConfigJson(patch));
  return WriteWholeFile(config_path(), config);
}

}  // namespace nsinit::testing

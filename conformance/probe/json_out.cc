#include "conformance/probe/json_out.h"

#include <errno.h>
#include <unistd.h>

#include <cstdio>

#include "conformance/probe/names.h"
#include "rapidjson/encodings.h"
#include "rapidjson/memorystream.h"

namespace nsinit::probe {
namespace {

bool IsValidUtf8(std::string_view s) {
  rapidjson::MemoryStream in(s.data(), s.size());
  rapidjson::StringBuffer sink;
  while (in.Tell() < s.size()) {
    if (!rapidjson::UTF8<>::Validate(in, sink)) return false;
  }
  return true;
}

}  // namespace

void WriteString(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void WriteKeyString(JsonWriter& w, std::string_view key, std::string_view s) {
  WriteString(w, key);
  WriteString(w, s);
}

void WriteErrno(JsonWriter& w, std::string_view key, int err) {
  WriteString(w, key);
  if (err == 0) {
    w.Null();
  } else {
    WriteString(w, ErrnoName(err));
  }
}

void WriteBytes(JsonWriter& w, std::string_view key, std::string_view bytes) {
  if (IsValidUtf8(bytes)) {
    WriteKeyString(w, key, bytes);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 0xf]);
  }
  WriteKeyString(w, std::string(key) + "_hex", hex);
}

std::string OctalMode(unsigned mode) {
  char buf[16];
  snprintf(buf, sizeof(buf), "%04o", mode & 07777);
  return buf;
}

bool PrintLine(const rapidjson::StringBuffer& buffer) {
  std::string line(buffer.GetString(), buffer.GetSize());
  line.push_back('\n');
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace nsinit::probe

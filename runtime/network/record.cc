#include "runtime/network/record.h"

#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/base/errno_status.h"
#include "runtime/base/file_io.h"

namespace nsinit::network {
namespace {

// A record names a few devices and two paths; a file far larger is not one.
constexpr size_t kMaxRecordBytes = 1 << 20;

void Strings(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key,
             const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values) w.String(v.c_str());
  w.EndArray();
}

std::vector<std::string> ReadStrings(const rapidjson::Value& doc, const char* key) {
  std::vector<std::string> out;
  if (!doc.HasMember(key) || !doc[key].IsArray()) return out;
  for (const auto& v : doc[key].GetArray()) {
    if (v.IsString()) out.push_back(v.GetString());
  }
  return out;
}

}  // namespace

std::string RecordPath(const std::string& state_dir) { return state_dir + "/network.json"; }

absl::Status SaveRecord(const std::string& state_dir, const Record& record) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  Strings(w, "host_veths", record.host_veths);
  w.Key("moved");
  w.StartArray();
  for (const MovedDevice& m : record.moved) {
    w.StartObject();
    w.Key("host_name");
    w.String(m.host_name.c_str());
    w.Key("container_name");
    w.String(m.container_name.c_str());
    w.Key("was_up");
    w.Bool(m.was_up);
    w.EndObject();
  }
  w.EndArray();
  Strings(w, "interfaces", record.interfaces);
  w.Key("netns_path");
  w.String(record.netns_path.c_str());
  w.Key("origin_netns");
  w.String(record.origin_netns.c_str());
  w.EndObject();
  // Replaced whole (rename), so a reader never sees half a record; 0600 as
  // the other files of the state directory.
  return WriteFileAtomic(RecordPath(state_dir), absl::string_view(buf.GetString(), buf.GetSize()),
                         0600);
}

absl::StatusOr<Record> LoadRecord(const std::string& state_dir) {
  std::string path = RecordPath(state_dir);
  absl::StatusOr<std::string> text = ReadFile(path, kMaxRecordBytes);
  if (!text.ok()) {
    if (text.status().code() == absl::StatusCode::kNotFound) return Record();
    return text.status();
  }
  rapidjson::Document doc;
  doc.Parse(text->c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    return absl::DataLossError(absl::StrCat(path, ": not a network record"));
  }
  Record r;
  r.host_veths = ReadStrings(doc, "host_veths");
  r.interfaces = ReadStrings(doc, "interfaces");
  if (doc.HasMember("netns_path") && doc["netns_path"].IsString()) {
    r.netns_path = doc["netns_path"].GetString();
  }
  if (doc.HasMember("origin_netns") && doc["origin_netns"].IsString()) {
    r.origin_netns = doc["origin_netns"].GetString();
  }
  if (doc.HasMember("moved") && doc["moved"].IsArray()) {
    for (const auto& v : doc["moved"].GetArray()) {
      if (!v.IsObject() || !v.HasMember("host_name") || !v["host_name"].IsString() ||
          !v.HasMember("container_name") || !v["container_name"].IsString()) {
        continue;
      }
      MovedDevice m;
      m.host_name = v["host_name"].GetString();
      m.container_name = v["container_name"].GetString();
      m.was_up = v.HasMember("was_up") && v["was_up"].IsBool() && v["was_up"].GetBool();
      r.moved.push_back(std::move(m));
    }
  }
  return r;
}

absl::StatusOr<std::string> CurrentNetnsId() {
  struct stat st;
  if (stat("/proc/thread-self/ns/net", &st) != 0)
    return LastErrnoStatus("stat /proc/thread-self/ns/net");
  return absl::StrCat(st.st_dev, ":", st.st_ino);
}

}  // namespace nsinit::network

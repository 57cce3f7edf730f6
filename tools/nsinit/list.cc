// nsinit list: the containers under --root.
#include <stdio.h>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "tools/nsinit/common.h"
#include "tools/nsinit/verbs.h"

namespace nsinit::cli {
namespace {

int List(const Globals& g, const Parsed& p) {
  state::Store store(g.root);
  absl::StatusOr<std::vector<std::string>> ids = store.List();
  if (!ids.ok()) return Fail(ids.status());
  bool json = p.Get("format", "table") == "json";
  bool quiet = p.Has("quiet");
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  if (!json && !quiet)
    printf("%-20s %-8s %-10s %-40s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED");
  for (const std::string& id : *ids) {
    absl::StatusOr<state::State> st = store.Load(id);
    if (!st.ok()) continue;  // being created or deleted
    st->status = LiveStatus(store, *st);
    int pid = st->status == state::Status::kStopped ? 0 : st->pid;
    if (json) {
      w.StartObject();
      w.Key("ociVersion");
      w.String(st->oci_version);
      w.Key("id");
      w.String(id);
      w.Key("pid");
      w.Int(pid);
      w.Key("status");
      w.String(state::StatusName(st->status));
      w.Key("bundle");
      w.String(st->bundle);
      w.Key("rootfs");
      w.String(st->rootfs);
      w.Key("created");
      w.String(st->created);
      w.EndObject();
    } else if (quiet) {
      printf("%s\n", id.c_str());
    } else {
      printf("%-20s %-8d %-10s %-40s %s\n", id.c_str(), pid, state::StatusName(st->status),
             st->bundle.c_str(), st->created.c_str());
    }
  }
  w.EndArray();
  if (json) printf("%s\n", buf.GetString());
  return 0;
}

}  // namespace

constexpr FlagSpec kListFlags[] = {{"format", "f", true, "table (default) or json"},
                                   {"quiet", "q", false, "print only the ids"}};

const Verb kList = {"list", "list [--format table|json] [--quiet]",
                    "List the containers under --root.", kListFlags, List};

}  // namespace nsinit::cli

#include "tools/nsinit/cli.h"

#include <stdio.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "runtime/base/timings.h"

namespace nsinit::cli {

std::string Parsed::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> Parsed::All(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

absl::StatusOr<Parsed> ParseFlags(const Verb& verb, const std::vector<std::string>& args) {
  Parsed p;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      p.operands.insert(p.operands.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (a.size() < 2 || a[0] != '-') {
      p.operands.push_back(a);
      if (verb.stop_at_operand) {
        // exec: everything after the container id belongs to the process.
        p.operands.insert(p.operands.end(), args.begin() + i + 1, args.end());
        break;
      }
      continue;
    }
    std::string name = a.substr(a[1] == '-' ? 2 : 1);
    std::string value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    // crun's -? and --usage are its help too.
    if (name == "help" || name == "h" || name == "?" || name == "usage") {
      p.help = true;
      continue;
    }
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& f : verb.flags) {
      if (f.name == name || (f.short_name[0] != '\0' && f.short_name == name)) spec = &f;
    }
    if (spec == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(verb.name, ": unknown flag ", a, " (see nsinit ", verb.name, " --help)"));
    }
    if (spec->takes_value && !has_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat(verb.name, ": flag ", a, " needs a value"));
      }
      value = args[++i];
    } else if (!spec->takes_value && !has_value) {
      value = "true";
    }
    p.values[spec->name].push_back(value);
  }
  return p;
}

std::string VerbHelp(const Verb& verb) {
  std::string out = absl::StrCat("Usage: nsinit ", verb.usage, "\n\n", verb.summary, "\n");
  if (!verb.flags.empty()) out += "\nFlags:\n";
  for (const FlagSpec& f : verb.flags) {
    std::string names =
        absl::StrCat(f.short_name[0] == '\0' ? "    " : absl::StrCat("-", f.short_name, ", "), "--",
                     f.name, f.takes_value ? " VALUE" : "");
    absl::StrAppend(&out, "  ", names, std::string(names.size() < 28 ? 28 - names.size() : 1, ' '),
                    f.help, "\n");
  }
  absl::StrAppend(&out, "  -h, --help", std::string(18, ' '), "show this help\n");
  return out;
}

namespace {
std::string g_log_path;
bool g_log_json = false;
}  // namespace

void SetErrorLog(const std::string& path, bool json) {
  g_log_path = path;
  g_log_json = json;
}

namespace {

// A line at `level` in --log.
void LogLine(const char* level, const std::string& message) {
  if (g_log_path.empty()) return;
  // containerd's shim and podman's conmon read the runtime's error from
  // --log (JSON lines with --log-format json), as runc writes it.
  FILE* log = fopen(g_log_path.c_str(), "ae");
  if (log == nullptr) return;
  std::string time = absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone());
  if (g_log_json) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("level");
    w.String(level);
    w.Key("msg");
    w.String(message);
    w.Key("time");
    w.String(time);
    w.EndObject();
    fprintf(log, "%s\n", buf.GetString());
  } else {
    fprintf(log, "time=\"%s\" level=%s msg=\"%s\"\n", time.c_str(), level, message.c_str());
  }
  fclose(log);
}

// "nsinit: <message>" on stderr, and a line at `level` in --log.
void Report(const char* level, const std::string& message) {
  fprintf(stderr, "nsinit: %s%s\n", std::string(level) == "warning" ? "warning: " : "",
          message.c_str());
  LogLine(level, message);
}

}  // namespace

int Fail(const absl::Status& status) {
  Report("error", std::string(status.message()));
  return 1;
}

void Warn(const std::string& message) { Report("warning", message); }

void ReportTimings(const Globals& g) {
  if (!g.debug_timings && !g.debug) return;
  const std::string lines = timings::Report();
  if (g.debug_timings) fputs(lines.c_str(), stderr);
  if (!g.debug || g_log_path.empty()) return;
  // One log line per phase; never stderr: engines read it.
  for (absl::string_view line : absl::StrSplit(lines, '\n', absl::SkipEmpty())) {
    LogLine("debug", std::string(line));
  }
}

absl::Status WantOperands(const Parsed& p, const char* verb, size_t min, size_t max) {
  if (p.operands.size() < min || p.operands.size() > max) {
    return absl::InvalidArgumentError(absl::StrCat(
        verb, ": expected ", min == max ? absl::StrCat(min) : absl::StrCat(min, " to ", max),
        " argument(s), got ", p.operands.size(), " (see nsinit ", verb, " --help)"));
  }
  return absl::OkStatus();
}

}  // namespace nsinit::cli

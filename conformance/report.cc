#include "conformance/report.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "conformance/file_util.h"
#include "rapidjson/document.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "runtime/base/status_macros.h"

namespace nsinit::conformance {

namespace {

const char* const kStatuses[] = {"pass", "fail", "warn", "deviation", "skip", "untested"};

std::string HtmlEscape(const std::string& s) {
  return absl::StrReplaceAll(s, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

std::string MdEscape(const std::string& s) {
  return absl::StrReplaceAll(s, {{"|", "\\|"}, {"\n", " "}});
}

std::map<std::string, std::map<std::string, int>> Counts(const Report& r) {
  std::map<std::string, std::map<std::string, int>> c;
  for (const RequirementStatus& s : r.requirements) {
    if (s.level == "RETIRED") continue;
    c[s.area][s.status]++;
    c["TOTAL"][s.status]++;
  }
  return c;
}

}  // namespace

bool IsFailure(const std::string& status) { return status == "fail" || status == "warn"; }

absl::StatusOr<Deviations> LoadDeviations(const std::string& path) {
  Deviations dev;
  if (!PathExists(path)) return dev;
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  rapidjson::Document d;
  d.Parse(text.c_str());
  if (d.HasParseError() || !d.IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a JSON object"));
  }
  for (auto m = d.MemberBegin(); m != d.MemberEnd(); ++m) {
    if (!m->value.IsString()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": ", m->name.GetString(), ": reason is not a string"));
    }
    dev[m->name.GetString()] = m->value.GetString();
  }
  return dev;
}

Report BuildReport(const SpecTable& spec, const std::vector<CaseResult>& cases,
                   const Deviations& deviations, const std::string& runtime,
                   const std::string& description) {
  Report report;
  report.runtime = runtime;
  report.description = description;
  report.areas = spec.areas;
  report.area_titles = spec.area_titles;
  report.cases = cases;
  for (const Requirement& req : spec.requirements) {
    RequirementStatus s;
    s.id = req.id;
    s.area = req.area;
    s.level = req.level;
    s.text = req.text;
    bool any_pass = false, any_fail = false, deviation_case = false;
    std::vector<std::string> fail_details, skip_details;
    for (const CaseResult& c : cases) {
      auto it = c.requirements.find(req.id);
      if (it == c.requirements.end()) continue;
      s.cases.push_back(c.id);
      if (it->second == Verdict::kPass) any_pass = true;
      if (it->second == Verdict::kFail) {
        any_fail = true;
        fail_details.push_back(absl::StrCat(c.id, ": ", c.detail));
        if (deviations.count(c.id)) deviation_case = true;
      }
      if (it->second == Verdict::kSkip) skip_details.push_back(absl::StrCat(c.id, ": ", c.detail));
    }
    auto listed = deviations.find(req.id);
    if (req.level == "RETIRED") {
      s.status = "skip";
      s.detail = "retired";
    } else if (s.cases.empty()) {
      s.status = "untested";
    } else if (any_fail) {
      std::string failures = absl::StrJoin(fail_details, " | ");
      if (listed != deviations.end() || deviation_case) {
        s.status = "deviation";
        s.detail = absl::StrCat(listed != deviations.end() ? listed->second : "case listed",
                                " -- observed: ", failures);
      } else {
        s.status = req.level == "SHOULD" ? "warn" : "fail";
        s.detail = failures;
      }
    } else if (any_pass) {
      s.status = "pass";
      if (listed != deviations.end()) {
        s.detail = "listed as a deviation but passed: remove it from the manifest";
      }
    } else {
      s.status = "skip";
      s.detail = absl::StrJoin(skip_details, " | ");
    }
    report.requirements.push_back(std::move(s));
  }
  return report;
}

std::string AreaSummary(const Report& report) {
  auto counts = Counts(report);
  std::string out = absl::StrFormat("%-7s %5s %5s %5s %5s %5s %5s\n", "area", "pass", "fail",
                                    "warn", "dev", "skip", "untst");
  std::vector<std::string> areas = report.areas;
  areas.push_back("TOTAL");
  for (const std::string& a : areas) {
    auto& c = counts[a];
    absl::StrAppendFormat(&out, "%-7s %5d %5d %5d %5d %5d %5d\n", a, c["pass"], c["fail"],
                          c["warn"], c["deviation"], c["skip"], c["untested"]);
  }
  return out;
}

absl::Status WriteReport(const Report& report, const std::string& dir) {
  RETURN_IF_ERROR(MakeDirs(dir));
  // report.json
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("runtime");
  w.String(report.runtime.c_str());
  w.Key("description");
  w.String(report.description.c_str());
  w.Key("requirements");
  w.StartObject();
  for (const RequirementStatus& s : report.requirements) {
    w.Key(s.id.c_str());
    w.StartObject();
    w.Key("area");
    w.String(s.area.c_str());
    w.Key("level");
    w.String(s.level.c_str());
    w.Key("status");
    w.String(s.status.c_str());
    w.Key("cases");
    w.StartArray();
    for (const std::string& c : s.cases) w.String(c.c_str());
    w.EndArray();
    w.Key("detail");
    w.String(s.detail.c_str());
    w.EndObject();
  }
  w.EndObject();
  w.Key("cases");
  w.StartObject();
  for (const CaseResult& c : report.cases) {
    w.Key(c.id.c_str());
    w.StartObject();
    w.Key("area");
    w.String(c.area.c_str());
    w.Key("verdict");
    w.String(VerdictName(c.verdict));
    w.Key("detail");
    w.String(c.detail.c_str());
    w.Key("millis");
    w.Double(c.millis);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  RETURN_IF_ERROR(WriteStringToFile(dir + "/report.json", std::string(buf.GetString()) + "\n"));

  // report.md
  auto counts = Counts(report);
  std::string md = absl::StrCat("# Conformance report: ", report.runtime, "\n\n`",
                                report.description, "` judged against spec/SPEC.md.\n\n");
  absl::StrAppend(&md, "| Area | pass | fail | warn | deviation | skip | untested |\n|---|---|---|---|---|---|---|\n");
  std::vector<std::string> areas = report.areas;
  areas.push_back("TOTAL");
  for (const std::string& a : areas) {
    auto& c = counts[a];
    absl::StrAppend(&md, "| ", a, " | ", c["pass"], " | ", c["fail"], " | ", c["warn"], " | ",
                    c["deviation"], " | ", c["skip"], " | ", c["untested"], " |\n");
  }
  for (const std::string& a : report.areas) {
    absl::StrAppend(&md, "\n## ", a, " — ", report.area_titles.count(a) ? report.area_titles.at(a) : "",
                    "\n\n| ID | Level | Status | Cases | Detail |\n|---|---|---|---|---|\n");
    for (const RequirementStatus& s : report.requirements) {
      if (s.area != a) continue;
      absl::StrAppend(&md, "| ", s.id, " | ", s.level, " | ", s.status, " | ",
                      absl::StrJoin(s.cases, ", "), " | ", MdEscape(s.detail.substr(0, 500)), " |\n");
    }
  }
  RETURN_IF_ERROR(WriteStringToFile(dir + "/report.md", md));

  // report.html: a matrix filterable by area and status.
  std::string html = absl::StrCat(
      "<!doctype html><html><head><meta charset=utf-8><title>Conformance: ",
      HtmlEscape(report.runtime), "</title><style>"
      "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}"
      "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;font-size:13px}"
      ".pass{background:#d7f5d7}.fail{background:#f8c8c8}.warn{background:#fbe3b5}"
      ".deviation{background:#e6d5f5}.skip{background:#eee}.untested{background:#fff}"
      "</style></head><body><h1>Conformance: ", HtmlEscape(report.runtime), "</h1><p><code>",
      HtmlEscape(report.description), "</code></p><p>Area <select id=area onchange=f()>"
      "<option value=''>all</option>");
  for (const std::string& a : report.areas) absl::StrAppend(&html, "<option>", a, "</option>");
  absl::StrAppend(&html, "</select> Status <select id=status onchange=f()><option value=''>all</option>");
  for (const char* s : kStatuses) absl::StrAppend(&html, "<option>", s, "</option>");
  absl::StrAppend(&html, "</select> <span id=n></span></p><table><tr><th>Area</th>");
  for (const char* s : kStatuses) absl::StrAppend(&html, "<th>", s, "</th>");
  absl::StrAppend(&html, "</tr>");
  for (const std::string& a : areas) {
    absl::StrAppend(&html, "<tr><td>", a, "</td>");
    for (const char* s : kStatuses) absl::StrAppend(&html, "<td class=", s, ">", counts[a][s], "</td>");
    absl::StrAppend(&html, "</tr>");
  }
  absl::StrAppend(&html, "</table><h2>Requirements</h2><table id=t><tr><th>ID</th><th>Level</th>"
                         "<th>Status</th><th>Requirement</th><th>Cases</th><th>Detail</th></tr>");
  for (const RequirementStatus& s : report.requirements) {
    absl::StrAppend(&html, "<tr data-area=", s.area, " data-status=", s.status, "><td>", s.id,
                    "</td><td>", s.level, "</td><td class=", s.status, ">", s.status, "</td><td>",
                    HtmlEscape(s.text), "</td><td>", HtmlEscape(absl::StrJoin(s.cases, ", ")),
                    "</td><td>", HtmlEscape(s.detail.substr(0, 1500)), "</td></tr>");
  }
  absl::StrAppend(&html,
                  "</table><script>function f(){var a=document.getElementById('area').value,"
                  "s=document.getElementById('status').value,n=0;"
                  "document.querySelectorAll('#t tr[data-area]').forEach(function(r){"
                  "var v=(!a||r.dataset.area==a)&&(!s||r.dataset.status==s);"
                  "r.style.display=v?'':'none';if(v)n++;});"
                  "document.getElementById('n').textContent=n+' shown';}f();</script>"
                  "</body></html>\n");
  return WriteStringToFile(dir + "/report.html", html);
}

absl::StatusOr<Report> ReadReport(const std::string& dir) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(dir + "/report.json"));
  rapidjson::Document d;
  d.Parse(text.c_str());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("requirements") ||
      !d["requirements"].IsObject()) {
    return absl::InvalidArgumentError(dir + "/report.json: not a conformance report");
  }
  Report r;
  r.runtime = d.HasMember("runtime") && d["runtime"].IsString() ? d["runtime"].GetString() : dir;
  std::set<std::string> seen;
  for (auto m = d["requirements"].MemberBegin(); m != d["requirements"].MemberEnd(); ++m) {
    RequirementStatus s;
    s.id = m->name.GetString();
    const auto& v = m->value;
    if (!v.IsObject()) continue;
    s.area = v.HasMember("area") && v["area"].IsString() ? v["area"].GetString() : AreaOf(s.id);
    s.level = v.HasMember("level") && v["level"].IsString() ? v["level"].GetString() : "";
    s.status = v.HasMember("status") && v["status"].IsString() ? v["status"].GetString() : "";
    s.detail = v.HasMember("detail") && v["detail"].IsString() ? v["detail"].GetString() : "";
    if (seen.insert(s.area).second) r.areas.push_back(s.area);
    r.requirements.push_back(std::move(s));
  }
  return r;
}

absl::Status WriteComparison(const std::vector<Report>& reports, const std::string& dir) {
  RETURN_IF_ERROR(MakeDirs(dir));
  if (reports.empty()) return absl::InvalidArgumentError("compare: no reports");
  std::vector<std::map<std::string, const RequirementStatus*>> by_id(reports.size());
  for (size_t i = 0; i < reports.size(); ++i) {
    for (const RequirementStatus& s : reports[i].requirements) by_id[i][s.id] = &s;
  }
  std::string md = "# Conformance comparison\n\n| ID | Level |";
  std::string html =
      "<!doctype html><html><head><meta charset=utf-8><title>Conformance comparison</title><style>"
      "body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
      "padding:2px 6px;font-size:13px}.pass{background:#d7f5d7}.fail{background:#f8c8c8}"
      ".warn{background:#fbe3b5}.deviation{background:#e6d5f5}.skip{background:#eee}"
      "</style></head><body><h1>Conformance comparison</h1><p>Area <input id=a oninput=f() "
      "size=8> <label><input type=checkbox id=d onchange=f()> only rows that differ</label></p>"
      "<table id=t><tr><th>ID</th><th>Level</th>";
  for (const Report& r : reports) {
    absl::StrAppend(&md, " ", r.runtime, " |");
    absl::StrAppend(&html, "<th>", HtmlEscape(r.runtime), "</th>");
  }
  absl::StrAppend(&md, "\n|---|---|");
  for (size_t i = 0; i < reports.size(); ++i) absl::StrAppend(&md, "---|");
  absl::StrAppend(&md, "\n");
  absl::StrAppend(&html, "</tr>");
  // Summary per runtime.
  std::string summary = "\n## Totals\n\n";
  for (const Report& r : reports) {
    absl::StrAppend(&summary, "### ", r.runtime, "\n\n```\n", AreaSummary(r), "```\n\n");
  }
  for (const RequirementStatus& s : reports[0].requirements) {
    std::set<std::string> statuses;
    std::string row_md = absl::StrCat("| ", s.id, " | ", s.level, " |");
    std::string cells;
    for (size_t i = 0; i < reports.size(); ++i) {
      auto it = by_id[i].find(s.id);
      std::string st = it == by_id[i].end() ? "absent" : it->second->status;
      statuses.insert(st);
      absl::StrAppend(&row_md, " ", st, " |");
      absl::StrAppend(&cells, "<td class=", st, " title=\"",
                      it == by_id[i].end() ? "" : HtmlEscape(it->second->detail.substr(0, 600)),
                      "\">", st, "</td>");
    }
    absl::StrAppend(&md, row_md, "\n");
    absl::StrAppend(&html, "<tr data-area=", s.area, " data-diff=", statuses.size() > 1 ? 1 : 0,
                    "><td>", s.id, "</td><td>", s.level, "</td>", cells, "</tr>");
  }
  absl::StrAppend(&md, summary);
  absl::StrAppend(&html,
                  "</table><script>function f(){var a=document.getElementById('a').value."
                  "toUpperCase(),d=document.getElementById('d').checked;"
                  "document.querySelectorAll('#t tr[data-area]').forEach(function(r){"
                  "r.style.display=((!a||r.dataset.area==a)&&(!d||r.dataset.diff=='1'))?'':'none';"
                  "});}</script></body></html>\n");
  RETURN_IF_ERROR(WriteStringToFile(dir + "/compare.md", md));
  return WriteStringToFile(dir + "/compare.html", html);
}

}  // namespace nsinit::conformance

#include "conformance/report.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "conformance/file_util.h"
#include "conformance/runtime_claim.h"
#include "conformance/status.h"
#include "rapidjson/document.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace nsinit::conformance {

namespace {

const char* const kStatuses[] = {"pass",  "fail",      "warn", "unstable",
                                 "newer", "deviation", "skip", "untested"};
// The statuses that need a look, highlighted in the HTML when non-zero.
bool NeedsALook(const std::string& status) {
  return status == "fail" || status == "warn" || status == "unstable";
}

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

bool IsFailure(const std::string& status) {
  return status == "fail" || status == "warn" || status == "unstable";
}

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

absl::StatusOr<Classifications> LoadClassifications(const std::string& path,
                                                    const std::string& runtime) {
  Classifications out;
  if (!PathExists(path)) return out;
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  rapidjson::Document d;
  d.Parse(text.c_str());
  if (d.HasParseError() || !d.IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a JSON object"));
  }
  auto rt = d.FindMember(runtime.c_str());
  if (rt == d.MemberEnd()) return out;
  if (!rt->value.IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", runtime, ": not an object"));
  }
  for (auto m = rt->value.MemberBegin(); m != rt->value.MemberEnd(); ++m) {
    const auto& v = m->value;
    if (!v.IsObject() || !v.HasMember("class") || !v["class"].IsString() || !v.HasMember("why") ||
        !v["why"].IsString()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": ", runtime, ".", m->name.GetString(),
                                                     ": expected {\"class\": ..., \"why\": ...}"));
    }
    out[m->name.GetString()] = Classification{v["class"].GetString(), v["why"].GetString()};
  }
  return out;
}

Report BuildReport(const SpecTable& spec, const std::vector<CaseResult>& cases,
                   const Deviations& deviations, const RunInfo& info,
                   const Classifications& classifications) {
  Report report;
  report.info = info;
  report.runtime = info.runtime;
  report.description = info.runtime_path;
  // Requirements newer than the runtime's claim, and the cases citing one.
  const int claim = info.strict ? -1 : SpecMinorVersion(info.spec_claim);
  auto newer = [&](const std::string& id) {
    const Requirement* r = spec.Find(id);
    return claim >= 0 && r != nullptr && !r->oci_version.empty() &&
           SpecMinorVersion(r->oci_version) > claim;
  };
  std::map<std::string, std::string> newer_case;  // case id -> the newer ID it cites
  for (const CaseResult& c : cases) {
    for (const auto& [id, v] : c.requirements) {
      if (!newer(id)) continue;
      // Name the newest requirement the case needs.
      auto it = newer_case.find(c.id);
      if (it == newer_case.end() || SpecMinorVersion(spec.Find(id)->oci_version) >
                                        SpecMinorVersion(spec.Find(it->second)->oci_version)) {
        newer_case[c.id] = id;
      }
    }
  }
  report.areas = spec.areas;
  report.area_titles = spec.area_titles;
  report.cases = cases;
  for (const Requirement& req : spec.requirements) {
    RequirementStatus s;
    s.id = req.id;
    s.area = req.area;
    s.level = req.level;
    s.text = req.text;
    s.oci_version = req.oci_version;
    bool any_pass = false, any_fail = false, deviation_case = false;
    bool any_unstable = false, any_newer = false;
    std::vector<std::string> fail_details, skip_details, unstable_details, newer_details;
    for (const CaseResult& c : cases) {
      auto it = c.requirements.find(req.id);
      if (it == c.requirements.end()) continue;
      s.cases.push_back(c.id);
      if (it->second == Verdict::kPass) any_pass = true;
      if (it->second == Verdict::kFail && !deviations.count(c.id) && !deviations.count(req.id) &&
          newer_case.count(c.id)) {
        any_newer = true;
        const std::string& why = newer_case[c.id];
        const Requirement* w = spec.Find(why);
        newer_details.push_back(
            absl::StrCat(c.id, " needs OCI ", w != nullptr ? w->oci_version : "?",
                         why == req.id ? "" : absl::StrCat(" (", why, ")"), ", the runtime claims ",
                         info.spec_claim, ": ", c.detail));
      } else if (it->second == Verdict::kFail) {
        any_fail = true;
        fail_details.push_back(absl::StrCat(c.id, ": ", c.detail));
        if (deviations.count(c.id)) deviation_case = true;
      }
      if (it->second == Verdict::kUnstable) {
        any_unstable = true;
        unstable_details.push_back(absl::StrCat(c.id, ": run 1: ", c.detail, " || run 2: ",
                                                c.retry_detail.empty() ? "pass" : c.retry_detail));
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
    } else if (any_unstable) {
      s.status = "unstable";
      s.detail = absl::StrJoin(unstable_details, " | ");
    } else if (any_newer) {
      s.status = "newer";
      s.detail = absl::StrJoin(newer_details, " | ");
    } else if (any_pass) {
      s.status = "pass";
      if (listed != deviations.end()) {
        s.detail = "listed as a deviation but passed: remove it from the manifest";
      }
    } else {
      s.status = "skip";
      s.detail = absl::StrJoin(skip_details, " | ");
    }
    if (s.status == "fail" || s.status == "warn" || s.status == "newer" || s.status == "unstable") {
      auto cl = classifications.find(req.id);
      if (cl != classifications.end())
        s.classification = absl::StrCat(cl->second.cls, ": ", cl->second.why);
    }
    report.requirements.push_back(std::move(s));
  }
  for (const RequirementStatus& s : report.requirements) {
    if (s.status == "pass" && deviations.count(s.id)) {
      report.stale_deviations[s.id] = absl::StrCat("passed (", absl::StrJoin(s.cases, ", "), ")");
    }
  }
  for (const CaseResult& c : cases) {
    if (c.verdict == Verdict::kPass && deviations.count(c.id)) {
      report.stale_deviations[c.id] = "the case passed";
    }
  }
  return report;
}

std::string AreaSummary(const Report& report) {
  auto counts = Counts(report);
  std::string out = absl::StrFormat("%-7s %5s %5s %5s %5s %5s %5s %5s %5s\n", "area", "pass",
                                    "fail", "warn", "unst", "newer", "dev", "skip", "untst");
  std::vector<std::string> areas = report.areas;
  areas.push_back("TOTAL");
  for (const std::string& a : areas) {
    auto& c = counts[a];
    absl::StrAppendFormat(&out, "%-7s %5d %5d %5d %5d %5d %5d %5d %5d\n", a, c["pass"], c["fail"],
                          c["warn"], c["unstable"], c["newer"], c["deviation"], c["skip"],
                          c["untested"]);
  }
  return out;
}

namespace {

// The head of every report, as (label, value) rows in a fixed order.
std::vector<std::pair<std::string, std::string>> InfoRows(const RunInfo& i) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"runtime", i.runtime},
      {"path", i.runtime_path},
      {"--version", i.runtime_version},
      {"spec claimed",
       i.spec_claim.empty()
           ? std::string("none stated: every requirement judged")
           : absl::StrCat(i.spec_claim, " (from ", i.spec_claim_from, ")",
                          i.strict ? "; --strict: judged against the newest spec" : "")},
      {"suite revision", i.suite_revision},
      {"date", i.date},
      {"command", i.command},
  };
  for (const auto& h : i.host) rows.push_back({"host " + h.first, h.second});
  return rows;
}

void WriteString(rapidjson::PrettyWriter<rapidjson::StringBuffer>& w, const char* key,
                 const std::string& value) {
  w.Key(key);
  w.String(value.c_str());
}

std::string StatusCell(const std::string& status, int n) {
  if (n > 0 && NeedsALook(status)) return absl::StrCat("<td class=", status, ">", n, "</td>");
  return absl::StrCat("<td", n == 0 ? " class=zero" : "", ">", n, "</td>");
}

const char kCss[] =
    "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;font-size:13px;text-align:left}"
    ".fail{background:#f8c8c8}.warn{background:#fbe3b5}.unstable{background:#f5e08a}"
    ".newer{background:#dde8f8}.deviation{background:#e6d5f5}.zero{color:#aaa}"
    ".diff{background:#fbe3b5}pre{white-space:pre-wrap;margin:0}";

}  // namespace

absl::Status WriteReport(const Report& report, const std::string& dir) {
  RETURN_IF_ERROR(MakeDirs(dir));
  const RunInfo& info = report.info;
  // report.json
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  WriteString(w, "runtime", report.runtime);
  WriteString(w, "description", report.description);
  w.Key("run");
  w.StartObject();
  WriteString(w, "runtime", info.runtime);
  WriteString(w, "runtime_path", info.runtime_path);
  WriteString(w, "runtime_version", info.runtime_version);
  WriteString(w, "spec_claim", info.spec_claim);
  WriteString(w, "spec_claim_from", info.spec_claim_from);
  w.Key("strict");
  w.Bool(info.strict);
  WriteString(w, "suite_revision", info.suite_revision);
  WriteString(w, "date", info.date);
  WriteString(w, "command", info.command);
  w.Key("host");
  w.StartObject();
  for (const auto& [k, v] : info.host) WriteString(w, k.c_str(), v);
  w.EndObject();
  w.EndObject();
  w.Key("requirements");
  w.StartObject();
  for (const RequirementStatus& s : report.requirements) {
    w.Key(s.id.c_str());
    w.StartObject();
    WriteString(w, "area", s.area);
    WriteString(w, "level", s.level);
    WriteString(w, "oci_version", s.oci_version);
    WriteString(w, "status", s.status);
    w.Key("cases");
    w.StartArray();
    for (const std::string& c : s.cases) w.String(c.c_str());
    w.EndArray();
    WriteString(w, "detail", s.detail);
    if (!s.classification.empty()) WriteString(w, "classification", s.classification);
    w.EndObject();
  }
  w.EndObject();
  w.Key("cases");
  w.StartObject();
  for (const CaseResult& c : report.cases) {
    w.Key(c.id.c_str());
    w.StartObject();
    WriteString(w, "area", c.area);
    WriteString(w, "file", c.file);
    WriteString(w, "verdict", VerdictName(c.verdict));
    WriteString(w, "detail", c.detail);
    if (c.verdict == Verdict::kUnstable) WriteString(w, "retry_detail", c.retry_detail);
    w.Key("millis");
    w.Double(c.millis);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  RETURN_IF_ERROR(WriteStringToFile(dir + "/report.json", std::string(buf.GetString()) + "\n"));

  // report.md
  auto counts = Counts(report);
  std::string md =
      absl::StrCat("# Conformance report: ", report.runtime, "\n\n| What | |\n|---|---|\n");
  for (const auto& [k, v] : InfoRows(info)) {
    absl::StrAppend(&md, "| ", k, " | ", MdEscape(absl::StrReplaceAll(v, {{"\n", " / "}})), " |\n");
  }
  absl::StrAppend(&md,
                  "\nJudged against spec/SPEC.md. `newer`: failed only where a case needs a "
                  "spec version newer than the runtime claims; `unstable`: the verdict "
                  "flipped when the case ran again.\n\n");
  std::string header = "| Area |";
  std::string rule = "|---|";
  for (const char* st : kStatuses) {
    absl::StrAppend(&header, " ", st, " |");
    absl::StrAppend(&rule, "---|");
  }
  absl::StrAppend(&md, header, "\n", rule, "\n");
  std::vector<std::string> areas = report.areas;
  areas.push_back("TOTAL");
  for (const std::string& a : areas) {
    absl::StrAppend(&md, "| ", a, " |");
    for (const char* st : kStatuses) absl::StrAppend(&md, " ", counts[a][st], " |");
    absl::StrAppend(&md, "\n");
  }
  for (const std::string& a : report.areas) {
    absl::StrAppend(
        &md, "\n## ", a, " — ", report.area_titles.count(a) ? report.area_titles.at(a) : "",
        "\n\n| ID | Level | OCI | Status | Cases | Detail |\n|---|---|---|---|---|---|\n");
    for (const RequirementStatus& s : report.requirements) {
      if (s.area != a) continue;
      std::string detail = s.detail.substr(0, 500);
      if (!s.classification.empty()) detail = absl::StrCat("[", s.classification, "] ", detail);
      absl::StrAppend(&md, "| ", s.id, " | ", s.level, " | ", s.oci_version, " | ", s.status, " | ",
                      absl::StrJoin(s.cases, ", "), " | ", MdEscape(detail), " |\n");
    }
  }
  RETURN_IF_ERROR(WriteStringToFile(dir + "/report.md", md));

  // report.html: one self-contained file (no network); the matrix
  // highlights only non-zero counts that need a look; every requirement
  // links to its cases and every case to its detail.
  std::string html = absl::StrCat(
      "<!doctype html><html><head><meta charset=utf-8><title>Conformance: ",
      HtmlEscape(report.runtime), "</title><style>", kCss,
      "</style></head><body><h1>Conformance: ", HtmlEscape(report.runtime), "</h1><table id=info>");
  for (const auto& [k, v] : InfoRows(info)) {
    absl::StrAppend(&html, "<tr><th>", HtmlEscape(k), "</th><td><pre>", HtmlEscape(v),
                    "</pre></td></tr>");
  }
  absl::StrAppend(&html,
                  "</table><p>Area <select id=area onchange=f()><option value=''>all</option>");
  for (const std::string& a : report.areas) absl::StrAppend(&html, "<option>", a, "</option>");
  absl::StrAppend(&html,
                  "</select> Status <select id=status onchange=f()><option value=''>all</option>");
  for (const char* st : kStatuses) absl::StrAppend(&html, "<option>", st, "</option>");
  absl::StrAppend(&html, "</select> <span id=n></span></p><table id=matrix><tr><th>Area</th>");
  for (const char* st : kStatuses) absl::StrAppend(&html, "<th>", st, "</th>");
  absl::StrAppend(&html, "</tr>");
  for (const std::string& a : areas) {
    absl::StrAppend(&html, "<tr><td>", a, "</td>");
    for (const char* st : kStatuses) absl::StrAppend(&html, StatusCell(st, counts[a][st]));
    absl::StrAppend(&html, "</tr>");
  }
  absl::StrAppend(&html,
                  "</table><h2>Requirements</h2><table id=t><tr><th>ID</th><th>Level</th>"
                  "<th>OCI</th><th>Status</th><th>Requirement</th><th>Cases</th>"
                  "<th>Classification</th><th>Detail</th></tr>");
  for (const RequirementStatus& s : report.requirements) {
    std::vector<std::string> links;
    for (const std::string& c : s.cases) {
      links.push_back(
          absl::StrCat("<a href=\"#case-", HtmlEscape(c), "\">", HtmlEscape(c), "</a>"));
    }
    absl::StrAppend(&html, "<tr id=\"req-", s.id, "\" data-area=", s.area,
                    " data-status=", s.status, "><td>", s.id, "</td><td>", s.level, "</td><td>",
                    s.oci_version, "</td><td",
                    NeedsALook(s.status) || s.status == "newer" || s.status == "deviation"
                        ? absl::StrCat(" class=", s.status)
                        : std::string(),
                    ">", s.status, "</td><td>", HtmlEscape(s.text), "</td><td>",
                    absl::StrJoin(links, ", "), "</td><td>", HtmlEscape(s.classification),
                    "</td><td>", HtmlEscape(s.detail.substr(0, 1500)), "</td></tr>");
  }
  absl::StrAppend(&html,
                  "</table><h2>Cases</h2><table id=cases><tr><th>Case</th><th>Verdict</th>"
                  "<th>Requirements</th><th>Detail</th></tr>");
  for (const CaseResult& c : report.cases) {
    std::vector<std::string> links;
    for (const auto& [id, v] : c.requirements) {
      links.push_back(absl::StrCat("<a href=\"#req-", id, "\">", id, "</a>"));
    }
    std::string verdict = VerdictName(c.verdict);
    std::string detail = HtmlEscape(c.detail);
    if (c.verdict == Verdict::kUnstable) {
      detail = absl::StrCat("<b>run 1:</b> ", detail, "<br><b>run 2:</b> ",
                            HtmlEscape(c.retry_detail.empty() ? "pass" : c.retry_detail));
    }
    absl::StrAppend(&html, "<tr id=\"case-", HtmlEscape(c.id), "\"><td>", HtmlEscape(c.id),
                    "<br><small>", HtmlEscape(c.file), "</small></td><td",
                    c.verdict == Verdict::kFail || c.verdict == Verdict::kUnstable
                        ? absl::StrCat(" class=", verdict)
                        : std::string(),
                    ">", verdict, "</td><td>", absl::StrJoin(links, ", "), "</td><td><pre>", detail,
                    "</pre></td></tr>");
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
  auto str = [](const rapidjson::Value& v, const char* key) {
    return v.IsObject() && v.HasMember(key) && v[key].IsString() ? std::string(v[key].GetString())
                                                                 : std::string();
  };
  Report r;
  r.runtime = d.HasMember("runtime") && d["runtime"].IsString() ? d["runtime"].GetString() : dir;
  r.description = str(d, "description");
  r.info.runtime = r.runtime;
  r.info.runtime_path = r.description;
  if (d.HasMember("run") && d["run"].IsObject()) {
    const auto& run = d["run"];
    r.info.runtime_path = str(run, "runtime_path");
    r.info.runtime_version = str(run, "runtime_version");
    r.info.spec_claim = str(run, "spec_claim");
    r.info.spec_claim_from = str(run, "spec_claim_from");
    r.info.strict = run.HasMember("strict") && run["strict"].IsBool() && run["strict"].GetBool();
    r.info.suite_revision = str(run, "suite_revision");
    r.info.date = str(run, "date");
    r.info.command = str(run, "command");
    if (run.HasMember("host") && run["host"].IsObject()) {
      for (auto m = run["host"].MemberBegin(); m != run["host"].MemberEnd(); ++m) {
        if (m->value.IsString()) r.info.host.push_back({m->name.GetString(), m->value.GetString()});
      }
    }
  }
  std::set<std::string> seen;
  for (auto m = d["requirements"].MemberBegin(); m != d["requirements"].MemberEnd(); ++m) {
    RequirementStatus s;
    s.id = m->name.GetString();
    const auto& v = m->value;
    if (!v.IsObject()) continue;
    s.area = str(v, "area");
    if (s.area.empty()) s.area = AreaOf(s.id);
    s.level = str(v, "level");
    s.oci_version = str(v, "oci_version");
    s.status = str(v, "status");
    s.detail = str(v, "detail");
    s.classification = str(v, "classification");
    if (seen.insert(s.area).second) r.areas.push_back(s.area);
    r.requirements.push_back(std::move(s));
  }
  return r;
}

std::vector<std::string> HostFactsThatDiffer(const std::vector<Report>& reports) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const Report& r : reports) {
    for (const auto& h : r.info.host) {
      if (seen.insert(h.first).second) keys.push_back(h.first);
    }
  }
  std::vector<std::string> differ;
  for (const std::string& k : keys) {
    std::set<std::string> values;
    for (const Report& r : reports) {
      std::string v = "(absent)";
      for (const auto& h : r.info.host) {
        if (h.first == k) v = h.second;
      }
      values.insert(v);
    }
    if (values.size() > 1) differ.push_back(k);
  }
  return differ;
}

absl::Status WriteComparison(const std::vector<Report>& reports, const std::string& dir) {
  RETURN_IF_ERROR(MakeDirs(dir));
  if (reports.empty()) return absl::InvalidArgumentError("compare: no reports");
  std::vector<std::map<std::string, const RequirementStatus*>> by_id(reports.size());
  for (size_t i = 0; i < reports.size(); ++i) {
    for (const RequirementStatus& s : reports[i].requirements) by_id[i][s.id] = &s;
  }
  const std::vector<std::string> differ = HostFactsThatDiffer(reports);
  const std::set<std::string> differ_set(differ.begin(), differ.end());

  // What each report judged, side by side.
  std::vector<std::string> rows;
  std::set<std::string> row_seen;
  for (const Report& r : reports) {
    for (const auto& [k, v] : InfoRows(r.info)) {
      if (row_seen.insert(k).second) rows.push_back(k);
    }
  }
  std::string md = "# Conformance comparison\n\n";
  std::string html = absl::StrCat(
      "<!doctype html><html><head><meta charset=utf-8><title>Conformance comparison</title><style>",
      kCss, "</style></head><body><h1>Conformance comparison</h1>");
  if (!differ.empty()) {
    std::string warn = absl::StrCat(
        "The reports were made on different hosts; these facts differ: ",
        absl::StrJoin(differ, ", "), ". Verdicts that depend on them are not comparable.");
    absl::StrAppend(&md, "**Warning:** ", warn, "\n\n");
    absl::StrAppend(&html, "<p class=warn><b>Warning:</b> ", HtmlEscape(warn), "</p>");
  }
  absl::StrAppend(&md, "| |");
  absl::StrAppend(&html, "<table id=info><tr><th></th>");
  for (const Report& r : reports) {
    absl::StrAppend(&md, " ", r.runtime, " |");
    absl::StrAppend(&html, "<th>", HtmlEscape(r.runtime), "</th>");
  }
  absl::StrAppend(&md, "\n|---|");
  for (size_t i = 0; i < reports.size(); ++i) absl::StrAppend(&md, "---|");
  absl::StrAppend(&md, "\n");
  absl::StrAppend(&html, "</tr>");
  for (const std::string& k : rows) {
    bool d = absl::StartsWith(k, "host ") && differ_set.count(k.substr(5));
    absl::StrAppend(&md, "| ", d ? "**" + k + "** (differs)" : k, " |");
    absl::StrAppend(&html, "<tr", d ? " class=diff" : "", "><th>", HtmlEscape(k), "</th>");
    for (const Report& r : reports) {
      std::string v;
      for (const auto& [rk, rv] : InfoRows(r.info)) {
        if (rk == k) v = rv;
      }
      absl::StrAppend(&md, " ", MdEscape(absl::StrReplaceAll(v, {{"\n", " / "}})), " |");
      absl::StrAppend(&html, "<td><pre>", HtmlEscape(v), "</pre></td>");
    }
    absl::StrAppend(&md, "\n");
    absl::StrAppend(&html, "</tr>");
  }
  absl::StrAppend(&html, "</table>");

  absl::StrAppend(&md, "\n| ID | Level | OCI |");
  absl::StrAppend(&html,
                  "<p>Area <input id=a oninput=f() size=8> <label><input type=checkbox id=d "
                  "onchange=f()> only rows that differ</label></p>"
                  "<table id=t><tr><th>ID</th><th>Level</th><th>OCI</th>");
  for (const Report& r : reports) {
    absl::StrAppend(&md, " ", r.runtime, " |");
    absl::StrAppend(&html, "<th>", HtmlEscape(r.runtime), "</th>");
  }
  absl::StrAppend(&md, "\n|---|---|---|");
  for (size_t i = 0; i < reports.size(); ++i) absl::StrAppend(&md, "---|");
  absl::StrAppend(&md, "\n");
  absl::StrAppend(&html, "</tr>");
  std::string summary = "\n## Totals\n\n";
  for (const Report& r : reports) {
    absl::StrAppend(&summary, "### ", r.runtime, "\n\n```\n", AreaSummary(r), "```\n\n");
  }
  for (const RequirementStatus& s : reports[0].requirements) {
    std::set<std::string> statuses;
    std::string row_md = absl::StrCat("| ", s.id, " | ", s.level, " | ", s.oci_version, " |");
    std::string cells;
    for (size_t i = 0; i < reports.size(); ++i) {
      auto it = by_id[i].find(s.id);
      std::string st = it == by_id[i].end() ? "absent" : it->second->status;
      statuses.insert(st);
      absl::StrAppend(&row_md, " ", st, " |");
      std::string title;
      if (it != by_id[i].end()) {
        title = it->second->classification.empty()
                    ? it->second->detail.substr(0, 600)
                    : absl::StrCat("[", it->second->classification, "] ",
                                   it->second->detail.substr(0, 600));
      }
      absl::StrAppend(&cells, "<td",
                      NeedsALook(st) || st == "newer" || st == "deviation"
                          ? absl::StrCat(" class=", st)
                          : std::string(),
                      " title=\"", HtmlEscape(title), "\">", st, "</td>");
    }
    absl::StrAppend(&md, row_md, "\n");
    absl::StrAppend(&html, "<tr data-area=", s.area, " data-diff=", statuses.size() > 1 ? 1 : 0,
                    "><td>", s.id, "</td><td>", s.level, "</td><td>", s.oci_version, "</td>", cells,
                    "</tr>");
  }
  absl::StrAppend(&md, summary);
  absl::StrAppend(&html, "</table><h2>Totals</h2>");
  for (const Report& r : reports) {
    absl::StrAppend(&html, "<h3>", HtmlEscape(r.runtime), "</h3><pre>", HtmlEscape(AreaSummary(r)),
                    "</pre>");
  }
  absl::StrAppend(&html,
                  "<script>function f(){var a=document.getElementById('a').value."
                  "toUpperCase(),d=document.getElementById('d').checked;"
                  "document.querySelectorAll('#t tr[data-area]').forEach(function(r){"
                  "r.style.display=((!a||r.dataset.area==a)&&(!d||r.dataset.diff=='1'))?'':'none';"
                  "});}</script></body></html>\n");
  RETURN_IF_ERROR(WriteStringToFile(dir + "/compare.md", md));
  return WriteStringToFile(dir + "/compare.html", html);
}

}  // namespace nsinit::conformance

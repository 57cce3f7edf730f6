#include "conformance/selector.h"

#include <regex.h>

#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace nsinit::conformance {

namespace {

struct Filter {
  enum Kind { kIndex, kAll, kKeyEq, kKeyNe } kind;
  long index = 0;
  std::string key, value;
};

struct Segment {
  std::string name;  // empty: no member step (a leading bracket)
  std::vector<Filter> filters;
};

absl::StatusOr<std::vector<Segment>> ParsePath(absl::string_view path) {
  std::vector<Segment> segs;
  size_t i = 0;
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("path \"", path, "\" at offset ", i, ": ", what));
  };
  while (i < path.size()) {
    Segment seg;
    if (path[i] == '\'') {
      size_t end = path.find('\'', i + 1);
      if (end == absl::string_view::npos) return error("unterminated quote");
      seg.name = std::string(path.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      size_t start = i;
      while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
      seg.name = std::string(path.substr(start, i - start));
    }
    while (i < path.size() && path[i] == '[') {
      size_t end = path.find(']', i);
      if (end == absl::string_view::npos) return error("unterminated [");
      std::string inner(path.substr(i + 1, end - i - 1));
      Filter f;
      size_t ne = inner.find("!=");
      size_t eq = inner.find('=');
      long idx;
      if (inner == "*") {
        f.kind = Filter::kAll;
      } else if (ne != std::string::npos) {
        f.kind = Filter::kKeyNe;
        f.key = inner.substr(0, ne);
        f.value = inner.substr(ne + 2);
      } else if (eq != std::string::npos) {
        f.kind = Filter::kKeyEq;
        f.key = inner.substr(0, eq);
        f.value = inner.substr(eq + 1);
      } else if (absl::SimpleAtoi(inner, &idx)) {
        f.kind = Filter::kIndex;
        f.index = idx;
      } else {
        return error(absl::StrCat("bad filter [", inner, "]"));
      }
      seg.filters.push_back(std::move(f));
      i = end + 1;
    }
    if (seg.name.empty() && seg.filters.empty()) return error("empty segment");
    segs.push_back(std::move(seg));
    if (i < path.size()) {
      if (path[i] != '.') return error("expected . or [");
      ++i;
      if (i == path.size()) return error("trailing .");
    }
  }
  return segs;
}

// How a scalar renders in a filter: strings as is, numbers in decimal.
std::string Render(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  return ToJson(v);
}

bool NumberOf(const rapidjson::Value& v, double* out) {
  if (v.IsNumber()) {
    *out = v.GetDouble();
    return true;
  }
  if (v.IsString()) return absl::SimpleAtod(std::string(v.GetString()), out);
  return false;
}

// Deep equality, except that an expected string equals a number whose
// decimal text it is (variables are strings).
bool JsonEquals(const rapidjson::Value& actual, const rapidjson::Value& expected) {
  if (expected.IsString() && actual.IsNumber()) {
    return ToJson(actual) == expected.GetString();
  }
  if (actual.IsNumber() && expected.IsNumber()) {
    if (actual.IsInt64() && expected.IsInt64()) return actual.GetInt64() == expected.GetInt64();
    if (actual.IsUint64() && expected.IsUint64()) {
      return actual.GetUint64() == expected.GetUint64();
    }
    return actual.GetDouble() == expected.GetDouble();
  }
  if (actual.GetType() != expected.GetType()) return false;
  if (actual.IsArray()) {
    if (actual.Size() != expected.Size()) return false;
    for (rapidjson::SizeType k = 0; k < actual.Size(); ++k) {
      if (!JsonEquals(actual[k], expected[k])) return false;
    }
    return true;
  }
  if (actual.IsObject()) {
    if (actual.MemberCount() != expected.MemberCount()) return false;
    for (auto m = expected.MemberBegin(); m != expected.MemberEnd(); ++m) {
      auto a = actual.FindMember(m->name);
      if (a == actual.MemberEnd() || !JsonEquals(a->value, m->value)) return false;
    }
    return true;
  }
  return actual == expected;
}

bool Contains(const rapidjson::Value& hay, const rapidjson::Value& needle) {
  if (hay.IsString() && needle.IsString()) {
    return absl::string_view(hay.GetString(), hay.GetStringLength())
               .find(absl::string_view(needle.GetString(), needle.GetStringLength())) !=
           absl::string_view::npos;
  }
  if (!hay.IsArray()) return false;
  if (needle.IsArray()) {
    for (const auto& n : needle.GetArray()) {
      if (!Contains(hay, n)) return false;
    }
    return true;
  }
  for (const auto& e : hay.GetArray()) {
    if (JsonEquals(e, needle)) return true;
  }
  return false;
}

const char* TypeName(const rapidjson::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "bool";
  if (v.IsNumber()) return "number";
  if (v.IsString()) return "string";
  if (v.IsArray()) return "array";
  return "object";
}

// Deep copy of `v` with `${...}` replaced in every string.
absl::Status SubstituteValue(const rapidjson::Value& v, const Variables& vars,
                             rapidjson::Value* out, rapidjson::Document::AllocatorType& alloc) {
  if (v.IsString()) {
    absl::StatusOr<std::string> s = Substitute(v.GetString(), vars);
    if (!s.ok()) return s.status();
    out->SetString(s->c_str(), static_cast<rapidjson::SizeType>(s->size()), alloc);
  } else if (v.IsArray()) {
    out->SetArray();
    for (const auto& e : v.GetArray()) {
      rapidjson::Value c;
      absl::Status st = SubstituteValue(e, vars, &c, alloc);
      if (!st.ok()) return st;
      out->PushBack(c, alloc);
    }
  } else if (v.IsObject()) {
    out->SetObject();
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      rapidjson::Value c;
      absl::Status st = SubstituteValue(m->value, vars, &c, alloc);
      if (!st.ok()) return st;
      out->AddMember(rapidjson::Value(m->name, alloc), c, alloc);
    }
  } else {
    out->CopyFrom(v, alloc);
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> RegexMatch(const std::string& pattern, const std::string& text) {
  regex_t re;
  int rc = regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    char buf[256];
    regerror(rc, &re, buf, sizeof(buf));
    return absl::InvalidArgumentError(absl::StrCat("bad regex \"", pattern, "\": ", buf));
  }
  bool match = regexec(&re, text.c_str(), 0, nullptr, 0) == 0;
  regfree(&re);
  return match;
}

}  // namespace

absl::Status SubstituteJson(const rapidjson::Value& value, const Variables& vars,
                            rapidjson::Value* out, rapidjson::Document::AllocatorType& alloc) {
  return SubstituteValue(value, vars, out, alloc);
}

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

absl::StatusOr<std::string> Substitute(absl::string_view text, const Variables& vars) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = text.find("${", i);
    if (start == absl::string_view::npos) {
      absl::StrAppend(&out, text.substr(i));
      break;
    }
    size_t end = text.find('}', start);
    if (end == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("unterminated ${ in \"", text, "\""));
    }
    absl::StrAppend(&out, text.substr(i, start - i));
    std::string name(text.substr(start + 2, end - start - 2));
    auto it = vars.find(name);
    if (it == vars.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown variable ${", name, "}"));
    }
    out.append(it->second);
    i = end + 1;
  }
  return out;
}

absl::StatusOr<std::vector<const rapidjson::Value*>> Select(const rapidjson::Value& root,
                                                            absl::string_view path) {
  absl::StatusOr<std::vector<Segment>> segs = ParsePath(path);
  if (!segs.ok()) return segs.status();
  std::vector<const rapidjson::Value*> cur = {&root};
  for (const Segment& seg : *segs) {
    std::vector<const rapidjson::Value*> next;
    for (const rapidjson::Value* v : cur) {
      if (seg.name.empty()) {
        next.push_back(v);
        continue;
      }
      if (!v->IsObject()) continue;
      auto m = v->FindMember(seg.name.c_str());
      if (m != v->MemberEnd()) next.push_back(&m->value);
    }
    for (const Filter& f : seg.filters) {
      std::vector<const rapidjson::Value*> filtered;
      bool any_array = false;
      for (const rapidjson::Value* v : next) any_array = any_array || v->IsArray();
      if (!any_array && f.kind == Filter::kIndex) {
        // Indexing a selection of non-arrays picks from the selection.
        long n = static_cast<long>(next.size());
        long idx = f.index < 0 ? n + f.index : f.index;
        if (idx >= 0 && idx < n) filtered.push_back(next[static_cast<size_t>(idx)]);
        next = std::move(filtered);
        continue;
      }
      for (const rapidjson::Value* v : next) {
        if (v->IsObject() && (f.kind == Filter::kKeyEq || f.kind == Filter::kKeyNe)) {
          // A key filter on an object keeps or drops the object itself.
          auto m = v->FindMember(f.key.c_str());
          bool eq = m != v->MemberEnd() && Render(m->value) == f.value;
          if ((f.kind == Filter::kKeyEq) == eq) filtered.push_back(v);
          continue;
        }
        if (!v->IsArray()) continue;
        long n = static_cast<long>(v->Size());
        if (f.kind == Filter::kIndex) {
          long idx = f.index < 0 ? n + f.index : f.index;
          if (idx >= 0 && idx < n) filtered.push_back(&(*v)[static_cast<rapidjson::SizeType>(idx)]);
          continue;
        }
        for (const auto& e : v->GetArray()) {
          if (f.kind == Filter::kAll) {
            filtered.push_back(&e);
            continue;
          }
          if (!e.IsObject()) continue;
          auto m = e.FindMember(f.key.c_str());
          bool eq = m != e.MemberEnd() && Render(m->value) == f.value;
          if ((f.kind == Filter::kKeyEq) == eq) filtered.push_back(&e);
        }
      }
      next = std::move(filtered);
    }
    cur = std::move(next);
  }
  return cur;
}

bool IsRoutingMember(absl::string_view name) {
  return name == "path" || name == "from" || name == "probe" || name == "req" || name == "why" ||
         name == "check" || name == "skip_unless_present";
}

absl::StatusOr<CheckOutcome> Evaluate(const rapidjson::Value& observation,
                                      const rapidjson::Value& root, const Variables& vars) {
  if (!observation.IsObject()) {
    return absl::InvalidArgumentError("observation: not an object");
  }
  std::string path;
  if (auto p = observation.FindMember("path"); p != observation.MemberEnd()) {
    if (!p->value.IsString()) return absl::InvalidArgumentError("observation.path: not a string");
    absl::StatusOr<std::string> s = Substitute(p->value.GetString(), vars);
    if (!s.ok()) return s.status();
    path = *s;
  }
  absl::StatusOr<std::vector<const rapidjson::Value*>> sel = Select(root, path);
  if (!sel.ok()) return sel.status();
  const std::vector<const rapidjson::Value*>& values = *sel;

  auto rendered = [&]() {
    std::vector<std::string> parts;
    for (const rapidjson::Value* v : values) parts.push_back(ToJson(*v));
    if (parts.empty()) return std::string("nothing");
    std::string s = absl::StrJoin(parts, ", ");
    if (s.size() > 600) s = s.substr(0, 600) + "...";
    return s;
  };
  const std::string shown = path.empty() ? "(document)" : path;

  rapidjson::Document scratch;
  int checks = 0;
  for (auto m = observation.MemberBegin(); m != observation.MemberEnd(); ++m) {
    std::string check = m->name.GetString();
    if (IsRoutingMember(check)) continue;
    ++checks;
    rapidjson::Value expected;
    absl::Status st = SubstituteValue(m->value, vars, &expected, scratch.GetAllocator());
    if (!st.ok()) return st;
    const std::string want = ToJson(expected);
    auto fail = [&](absl::string_view how) {
      return CheckOutcome{false,
                          absl::StrCat(shown, ": expected ", how, " ", want, ", got ", rendered())};
    };
    bool ok = true;
    if (check == "exists" || check == "absent") {
      if (!expected.IsBool()) {
        return absl::InvalidArgumentError(absl::StrCat("observation.", check, ": not a bool"));
      }
      bool present = false;
      for (const rapidjson::Value* v : values) present = present || !v->IsNull();
      bool want_present = (check == "exists") == expected.GetBool();
      if (present != want_present) return fail(check + ":");
      continue;
    }
    if (check == "count") {
      if (!expected.IsUint() || values.size() != expected.GetUint()) {
        return CheckOutcome{false, absl::StrCat(shown, ": expected ", want, " values, got ",
                                                values.size(), ": ", rendered())};
      }
      continue;
    }
    if (values.empty()) return fail(check);
    for (const rapidjson::Value* v : values) {
      if (check == "equals") {
        ok = JsonEquals(*v, expected);
      } else if (check == "not_equals") {
        ok = !JsonEquals(*v, expected);
      } else if (check == "one_of") {
        if (!expected.IsArray())
          return absl::InvalidArgumentError("observation.one_of: not an array");
        ok = false;
        for (const auto& e : expected.GetArray()) ok = ok || JsonEquals(*v, e);
      } else if (check == "contains") {
        ok = Contains(*v, expected);
      } else if (check == "not_contains") {
        if (expected.IsArray() && v->IsArray()) {
          for (const auto& e : expected.GetArray()) ok = ok && !Contains(*v, e);
        } else {
          ok = (v->IsArray() || v->IsString()) && !Contains(*v, expected);
        }
      } else if (check == "subset_of") {
        if (!expected.IsArray()) {
          return absl::InvalidArgumentError("observation.subset_of: not an array");
        }
        if (v->IsArray()) {
          for (const auto& e : v->GetArray()) ok = ok && Contains(expected, e);
        } else {
          ok = Contains(expected, *v);
        }
      } else if (check == "matches" || check == "not_matches") {
        if (!expected.IsString()) {
          return absl::InvalidArgumentError(absl::StrCat("observation.", check, ": not a string"));
        }
        if (v->IsNull() || v->IsObject() || v->IsArray()) {
          ok = false;
        } else {
          absl::StatusOr<bool> mt = RegexMatch(expected.GetString(), Render(*v));
          if (!mt.ok()) return mt.status();
          ok = *mt == (check == "matches");
        }
      } else if (check == "gt" || check == "ge" || check == "lt" || check == "le") {
        double a, b;
        if (!NumberOf(expected, &b)) {
          return absl::InvalidArgumentError(absl::StrCat("observation.", check, ": not a number"));
        }
        ok = NumberOf(*v, &a);
        if (ok) {
          ok = check == "gt" ? a > b : check == "ge" ? a >= b : check == "lt" ? a < b : a <= b;
        }
      } else if (check == "length") {
        if (!expected.IsUint())
          return absl::InvalidArgumentError("observation.length: not a count");
        size_t n = v->IsArray()    ? v->Size()
                   : v->IsString() ? v->GetStringLength()
                   : v->IsObject() ? v->MemberCount()
                                   : static_cast<size_t>(-1);
        ok = n == expected.GetUint();
      } else if (check == "type") {
        ok = expected.IsString() && std::string(TypeName(*v)) == expected.GetString();
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("observation: unknown check \"", check, "\""));
      }
      if (!ok) {
        std::string how = check;
        for (char& c : how) {
          if (c == '_') c = ' ';
        }
        return CheckOutcome{false, absl::StrCat(shown, ": expected ", how, " ", want, ", got ",
                                                ToJson(*v).substr(0, 600))};
      }
    }
  }
  if (checks == 0) {
    return absl::InvalidArgumentError(absl::StrCat("observation for \"", shown, "\" has no check"));
  }
  return CheckOutcome{true, ""};
}

}  // namespace nsinit::conformance

// Field lists: one description of a struct's JSON object that drives both its
// reader and its writer, so a member cannot be read and not written.
//
// A struct S is described by a specialization of JsonFields<S> (or by any
// type of the same shape, where one struct has two JSON shapes):
//   static constexpr auto kFields = std::tuple(<entries>);
// in the order the writer emits them. The entries:
//   Field("name", &S::member[, presence])         a JSON member
//   Field<Codec>("name", &S::member[, presence])  one with a special codec
//   Derived(&S::member, compute)   not in JSON: compute(s) after the members
//                                  listed before it are read; never written
//   Rejected<S>("name", "message") "<path>.name: message" when present
//   NotInJson(&S::member)          a model member with no JSON form
// and optionally `static constexpr std::string_view kReadFirst[]`: members the
// reader takes before the others (which keeps which of several broken
// fields is reported first).
//
// Presence:
//   kOptional  absent keeps the member's default; written unless default
//   kWritten   absent keeps the member's default; always written
//   kRequired  absent is "<path>: required field is missing"; always written
// A codec may decide instead when its value is left out: static Omit(value).
//
// A codec converts one JSON value: static Read(const JsonNode&, M*, Ctx&)
// and static Write(JsonWriter&, const M&). CodecFor<M> picks the default:
// strings, booleans and integers with JsonNode's strict conversions,
// std::optional, std::vector, std::map with string keys (of strings: no
// empty key), and structs through their JsonFields list. Ctx is the caller's
// read context, handed to every codec.
#ifndef NSINIT_RUNTIME_CONFIG_JSON_FIELDS_H_
#define NSINIT_RUNTIME_CONFIG_JSON_FIELDS_H_

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "runtime/base/status_macros.h"
#include "runtime/config/json_reader.h"

namespace nsinit::config {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

enum class Presence { kOptional, kWritten, kRequired };
inline constexpr Presence kOptional = Presence::kOptional;
inline constexpr Presence kWritten = Presence::kWritten;
inline constexpr Presence kRequired = Presence::kRequired;

// The field list of S; specialized next to the model (oci_fields.h).
template <typename S>
struct JsonFields;

// Reads the object `node` into *out along the list F, stopping at the first
// error.
template <typename F, typename S, typename Ctx>
absl::Status ReadFields(const JsonNode& node, S* out, Ctx& ctx);

// Writes `in` as an object along the list F.
template <typename F, typename S>
void WriteFields(JsonWriter& w, const S& in);

namespace json_fields_internal {

// The lists hold std::string_view (constexpr comparisons); JsonNode takes
// Debian abseil's own absl::string_view.
inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

inline void WriteString(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

inline void WriteKey(JsonWriter& w, std::string_view s) {
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace json_fields_internal

// ---- Codecs.

// A string, a boolean or an integer.
struct ValueCodec {
  template <typename M, typename Ctx>
  static absl::Status Read(const JsonNode& node, M* out, Ctx&) {
    static_assert(!std::is_same_v<M, char>, "a char needs its own codec");
    if constexpr (std::is_same_v<M, std::string>) {
      ASSIGN_OR_RETURN(*out, node.AsString());
    } else if constexpr (std::is_same_v<M, bool>) {
      ASSIGN_OR_RETURN(*out, node.AsBool());
    } else {
      ASSIGN_OR_RETURN(*out, node.AsInt<M>());
    }
    return absl::OkStatus();
  }
  template <typename M>
  static void Write(JsonWriter& w, const M& value) {
    if constexpr (std::is_same_v<M, std::string>) {
      json_fields_internal::WriteString(w, value);
    } else if constexpr (std::is_same_v<M, bool>) {
      w.Bool(value);
    } else if constexpr (std::is_signed_v<M>) {
      w.Int64(value);
    } else {
      w.Uint64(value);
    }
  }
};

// std::optional<T>: present when read; written only when set.
template <typename C>
struct OptionalCodec {
  template <typename T, typename Ctx>
  static absl::Status Read(const JsonNode& node, std::optional<T>* out, Ctx& ctx) {
    T value{};
    RETURN_IF_ERROR(C::Read(node, &value, ctx));
    *out = std::move(value);
    return absl::OkStatus();
  }
  template <typename T>
  static void Write(JsonWriter& w, const std::optional<T>& value) {
    C::Write(w, *value);
  }
  template <typename T>
  static bool Omit(const std::optional<T>& value) {
    return !value.has_value();
  }
  template <typename T, typename Visit>
  static void VisitObjects(const std::optional<T>& value, const std::string& path, Visit& visit);
};

// A JSON array.
template <typename C>
struct ListCodec {
  template <typename T, typename Ctx>
  static absl::Status Read(const JsonNode& node, std::vector<T>* out, Ctx& ctx) {
    ASSIGN_OR_RETURN(std::vector<JsonNode> items, node.AsArray());
    std::vector<T> result;
    result.reserve(items.size());
    for (const JsonNode& item : items) {
      T value{};
      RETURN_IF_ERROR(C::Read(item, &value, ctx));
      result.push_back(std::move(value));
    }
    *out = std::move(result);
    return absl::OkStatus();
  }
  template <typename T>
  static void Write(JsonWriter& w, const std::vector<T>& values) {
    w.StartArray();
    for (const T& value : values) C::Write(w, value);
    w.EndArray();
  }
  template <typename T, typename Visit>
  static void VisitObjects(const std::vector<T>& values, const std::string& path, Visit& visit);
};

// A JSON object keyed by name (rdma devices, time offsets): any key.
template <typename C>
struct MapCodec {
  template <typename T, typename Ctx>
  static absl::Status Read(const JsonNode& node, std::map<std::string, T>* out, Ctx& ctx) {
    ASSIGN_OR_RETURN(auto members, node.AsMembers());
    std::map<std::string, T> result;
    for (const auto& [name, member] : members) {
      T value{};
      RETURN_IF_ERROR(C::Read(member, &value, ctx));
      result[name] = std::move(value);
    }
    *out = std::move(result);
    return absl::OkStatus();
  }
  template <typename T>
  static void Write(JsonWriter& w, const std::map<std::string, T>& values) {
    w.StartObject();
    for (const auto& [name, value] : values) {
      json_fields_internal::WriteKey(w, name);
      C::Write(w, value);
    }
    w.EndObject();
  }
  template <typename T, typename Visit>
  static void VisitObjects(const std::map<std::string, T>& values, const std::string& path,
                           Visit& visit);
};

// An object of strings (annotations, sysctl): JsonNode::AsStringMap.
struct StringMapCodec {
  template <typename Ctx>
  static absl::Status Read(const JsonNode& node, std::map<std::string, std::string>* out, Ctx&) {
    ASSIGN_OR_RETURN(*out, node.AsStringMap());
    return absl::OkStatus();
  }
  static void Write(JsonWriter& w, const std::map<std::string, std::string>& values) {
    MapCodec<ValueCodec>::Write(w, values);
  }
};

// A struct, along its field list F.
template <typename F>
struct ObjectCodec {
  template <typename S, typename Ctx>
  static absl::Status Read(const JsonNode& node, S* out, Ctx& ctx) {
    return ReadFields<F>(node, out, ctx);
  }
  template <typename S>
  static void Write(JsonWriter& w, const S& value) {
    WriteFields<F>(w, value);
  }
  template <typename S, typename Visit>
  static void VisitObjects(const S& value, const std::string& path, Visit& visit);
};

// The default codec of a member type.
template <typename M>
struct DefaultCodec {
  using type = std::conditional_t<std::is_class_v<M> && !std::is_same_v<M, std::string>,
                                  ObjectCodec<JsonFields<M>>, ValueCodec>;
};
template <typename T>
struct DefaultCodec<std::optional<T>> {
  using type = OptionalCodec<typename DefaultCodec<T>::type>;
};
template <typename T>
struct DefaultCodec<std::vector<T>> {
  using type = ListCodec<typename DefaultCodec<T>::type>;
};
template <typename T>
struct DefaultCodec<std::map<std::string, T>> {
  using type = MapCodec<typename DefaultCodec<T>::type>;
};
template <>
struct DefaultCodec<std::map<std::string, std::string>> {
  using type = StringMapCodec;
};
template <typename M>
using CodecFor = typename DefaultCodec<M>::type;

// ---- Entries.

struct UseDefaultCodec {};

template <typename S, typename M, typename C>
struct FieldEntry {
  using Struct = S;
  using Member = M;
  using Codec = std::conditional_t<std::is_same_v<C, UseDefaultCodec>, CodecFor<M>, C>;

  std::string_view name;
  M S::*member;
  Presence presence;

  template <typename Ctx>
  absl::Status Read(const JsonNode& object, S* out, Ctx& ctx) const {
    absl::string_view key = json_fields_internal::ToAbsl(name);
    std::optional<JsonNode> node = object.Find(key);
    if (!node.has_value()) {
      if (presence == kRequired) return object.Require(key).status();
      return absl::OkStatus();
    }
    return Codec::Read(*node, &(out->*member), ctx);
  }
  void Write(JsonWriter& w, const S& in) const {
    const M& value = in.*member;
    if constexpr (requires { Codec::Omit(value); }) {
      if (Codec::Omit(value)) return;
    } else {
      if (presence == kOptional && HasDefaultValue(in)) return;
    }
    json_fields_internal::WriteKey(w, name);
    Codec::Write(w, value);
  }
  const void* Address(const S& s) const { return &(s.*member); }
  // The model's default: that of a default-constructed S ("/" for cwd).
  bool HasDefaultValue(const S& s) const { return s.*member == S{}.*member; }
  template <typename Visit>
  void VisitObjects(const S& s, const std::string& path, Visit& visit) const {
    if constexpr (requires { Codec::VisitObjects(s.*member, path, visit); }) {
      Codec::VisitObjects(s.*member, JsonMemberPath(path, json_fields_internal::ToAbsl(name)),
                          visit);
    }
  }
};

template <typename C = UseDefaultCodec, typename S, typename M>
constexpr FieldEntry<S, M, C> Field(std::string_view name, M S::*member,
                                    Presence presence = kOptional) {
  return {name, member, presence};
}

template <typename S, typename M>
struct DerivedEntry {
  using Struct = S;
  std::string_view name;  // empty: not a JSON member
  M S::*member;
  M (*compute)(const S&);

  template <typename Ctx>
  absl::Status Read(const JsonNode&, S* out, Ctx&) const {
    out->*member = compute(*out);
    return absl::OkStatus();
  }
  void Write(JsonWriter&, const S&) const {}
  const void* Address(const S& s) const { return &(s.*member); }
  bool HasDefaultValue(const S& s) const { return s.*member == S{}.*member; }
  template <typename Visit>
  void VisitObjects(const S&, const std::string&, Visit&) const {}
};

template <typename S, typename M>
constexpr DerivedEntry<S, M> Derived(M S::*member, M (*compute)(const S&)) {
  return {"", member, compute};
}

template <typename S>
struct RejectedEntry {
  using Struct = S;
  std::string_view name;
  std::string_view message;

  template <typename Ctx>
  absl::Status Read(const JsonNode& object, S*, Ctx&) const {
    if (std::optional<JsonNode> node = object.Find(json_fields_internal::ToAbsl(name))) {
      return node->Error(json_fields_internal::ToAbsl(message));
    }
    return absl::OkStatus();
  }
  void Write(JsonWriter&, const S&) const {}
  const void* Address(const S&) const { return nullptr; }
  bool HasDefaultValue(const S&) const { return false; }
  template <typename Visit>
  void VisitObjects(const S&, const std::string&, Visit&) const {}
};

template <typename S>
constexpr RejectedEntry<S> Rejected(std::string_view name, std::string_view message) {
  return {name, message};
}

template <typename S, typename M>
struct NotInJsonEntry {
  using Struct = S;
  std::string_view name;  // always empty
  M S::*member;

  template <typename Ctx>
  absl::Status Read(const JsonNode&, S*, Ctx&) const {
    return absl::OkStatus();
  }
  void Write(JsonWriter&, const S&) const {}
  const void* Address(const S& s) const { return &(s.*member); }
  // Never set by a reader, so never expected to be set.
  bool HasDefaultValue(const S&) const { return false; }
  template <typename Visit>
  void VisitObjects(const S&, const std::string&, Visit&) const {}
};

template <typename S, typename M>
constexpr NotInJsonEntry<S, M> NotInJson(M S::*member) {
  return {"", member};
}

// ---- Walking a list.

namespace json_fields_internal {

// Not constexpr: reached while computing a ReadOrder, a call is a compile
// error that names the broken rule.
inline void ReadFirstNamesAFieldOfTheList() {}
inline void JsonNamesAreUniqueInAList() {}

// The order the reader walks F::kFields: the kReadFirst names, then the rest
// in list order.
template <typename F>
struct ReadOrder {
  static constexpr size_t kSize = std::tuple_size_v<std::remove_cv_t<decltype(F::kFields)>>;

  static constexpr std::array<size_t, kSize> Compute() {
    std::array<std::string_view, kSize> names =
        std::apply([](const auto&... e) { return std::array<std::string_view, kSize>{e.name...}; },
                   F::kFields);
    for (size_t i = 0; i < kSize; ++i) {
      for (size_t j = i + 1; j < kSize; ++j) {
        if (!names[i].empty() && names[i] == names[j]) JsonNamesAreUniqueInAList();
      }
    }
    std::array<size_t, kSize> order{};
    std::array<bool, kSize> taken{};
    size_t n = 0;
    if constexpr (requires { F::kReadFirst; }) {
      for (std::string_view first : F::kReadFirst) {
        size_t i = 0;
        while (i < kSize && (names[i].empty() || names[i] != first)) ++i;
        if (i == kSize || taken[i]) ReadFirstNamesAFieldOfTheList();
        order[n++] = i;
        taken[i] = true;
      }
    }
    for (size_t i = 0; i < kSize; ++i) {
      if (!taken[i]) order[n++] = i;
    }
    return order;
  }

  static constexpr std::array<size_t, kSize> kOrder = Compute();
};

}  // namespace json_fields_internal

template <typename F, typename S, typename Ctx>
absl::Status ReadFields(const JsonNode& node, S* out, Ctx& ctx) {
  RETURN_IF_ERROR(node.ExpectObject());
  using Order = json_fields_internal::ReadOrder<F>;
  absl::Status status;
  // Entry by entry in read order, until one fails.
  auto read_all = [&]<size_t... I>(std::index_sequence<I...>) {
    (void)((status = std::get<Order::kOrder[I]>(F::kFields).Read(node, out, ctx)).ok() && ...);
  };
  read_all(std::make_index_sequence<Order::kSize>());
  return status;
}

template <typename F, typename S>
void WriteFields(JsonWriter& w, const S& in) {
  w.StartObject();
  std::apply([&](const auto&... entry) { (entry.Write(w, in), ...); }, F::kFields);
  w.EndObject();
}

// Calls visit(F{}, object, path) for `value` and for every object nested in
// it, each with the list F that describes it (for tests of the lists against
// the model: every member listed, every listed member set).
template <typename C, typename M, typename Visit>
void VisitObjects(const M& value, const std::string& path, Visit& visit) {
  if constexpr (requires { C::VisitObjects(value, path, visit); }) {
    C::VisitObjects(value, path, visit);
  }
}

template <typename C>
template <typename T, typename Visit>
void OptionalCodec<C>::VisitObjects(const std::optional<T>& value, const std::string& path,
                                    Visit& visit) {
  if (value.has_value()) config::VisitObjects<C>(*value, path, visit);
}

template <typename C>
template <typename T, typename Visit>
void ListCodec<C>::VisitObjects(const std::vector<T>& values, const std::string& path,
                                Visit& visit) {
  for (size_t i = 0; i < values.size(); ++i) {
    config::VisitObjects<C>(values[i], JsonIndexPath(path, i), visit);
  }
}

template <typename C>
template <typename T, typename Visit>
void MapCodec<C>::VisitObjects(const std::map<std::string, T>& values, const std::string& path,
                               Visit& visit) {
  for (const auto& [name, value] : values) {
    config::VisitObjects<C>(value, JsonMemberPath(path, name), visit);
  }
}

template <typename F>
template <typename S, typename Visit>
void ObjectCodec<F>::VisitObjects(const S& value, const std::string& path, Visit& visit) {
  visit(F{}, value, path);
  std::apply([&](const auto&... entry) { (entry.VisitObjects(value, path, visit), ...); },
             F::kFields);
}

}  // namespace nsinit::config

#endif  // NSINIT_RUNTIME_CONFIG_JSON_FIELDS_H_

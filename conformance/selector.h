// The selector language: declarative checks over JSON the probe (or the
// runtime's `state`, `features`, ...) printed.
//
// A case says what it expects as data, e.g.
//   {"path": "mounts[mount_point=/proc].options", "contains": "nosuid"}
// and this one interpreter decides, so adding a check rarely needs C++.
//
// Paths: segments separated by `.`; a segment is a member name (quote it as
// 'kernel.hostname' when it holds a dot), optionally followed by any number
// of brackets:
//   [3]        array element (negative counts from the end)
//   [*]        every element
//   [key=val]  the elements that are objects whose member `key` renders as
//              `val` (strings as is, numbers in decimal, true/false/null)
//   [key!=val] the elements whose `key` does not render as `val`
// On a selection that holds no array, [key=val] keeps the selected objects
// that match and [N] picks the Nth selected value
// (`mounts[mount_point=/a][-1]` is the last mount on /a).
// A bracket may also start the path (`[0].pid`). The empty path is the
// document itself. A path selects zero or more values.
//
// Checks (an observation may hold several; all must hold):
//   exists: true|false     some value selected (false: none, or only null)
//   absent: true           same as exists: false
//   count: N               exactly N values selected
//   equals: X              every selected value deep-equals X (at least one)
//   not_equals: X          no selected value equals X
//   one_of: [X, ...]       every selected value equals one of them
//   contains: X            arrays hold an element equal to X (X an array:
//                          all of its elements); strings hold X as substring
//   not_contains: X        the negation, for every selected value
//   subset_of: [X, ...]    every element of every selected array (every
//                          selected scalar) is listed
//   matches: "ERE"         strings (numbers rendered) match a POSIX ERE
//   not_matches: "ERE"
//   gt/ge/lt/le: N         numbers compare so (strings holding numbers too)
//   length: N              arrays/strings/objects have N elements/bytes
//   type: "string"|"number"|"bool"|"array"|"object"|"null"
// Variables `${name}` in expected strings are replaced first (see
// Variables); an expected string equals a number whose decimal text it is,
// so "${pid}" can be compared with a numeric pid.
#ifndef NSINIT_CONFORMANCE_SELECTOR_H_
#define NSINIT_CONFORMANCE_SELECTOR_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"

namespace nsinit::conformance {

using Variables = std::map<std::string, std::string>;

// Replaces every `${name}` in `text` by its value. Fails naming the first
// unknown variable.
absl::StatusOr<std::string> Substitute(absl::string_view text, const Variables& vars);

// Deep copy of `value` into `out` (allocated from `alloc`) with variables
// replaced in every string.
absl::Status SubstituteJson(const rapidjson::Value& value, const Variables& vars,
                            rapidjson::Value* out, rapidjson::Document::AllocatorType& alloc);

// The values `path` selects in `root`. A malformed path is an error naming
// the offset; a path that matches nothing is an empty vector.
absl::StatusOr<std::vector<const rapidjson::Value*>> Select(const rapidjson::Value& root,
                                                            absl::string_view path);

// Compact JSON text of a value (for messages and filters).
std::string ToJson(const rapidjson::Value& value);

struct CheckOutcome {
  bool passed = false;
  std::string message;  // "mounts[...].options: expected to contain ...; got [...]"
};

// Evaluates the checks of `observation` (an object with "path" and check
// members; other members such as "from", "probe", "req" are ignored here)
// against `root`. A status error means the observation itself is malformed
// (unknown check, bad regex): a defect of the case, not of the runtime.
absl::StatusOr<CheckOutcome> Evaluate(const rapidjson::Value& observation,
                                      const rapidjson::Value& root, const Variables& vars);

// Members of an observation that are not checks (selectors and routing).
bool IsRoutingMember(absl::string_view name);

}  // namespace nsinit::conformance

#endif  // NSINIT_CONFORMANCE_SELECTOR_H_

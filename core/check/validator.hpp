#pragma once
/// Validating JSON instances against a compiled schema: every violation with its instance pointer,
/// schema pointer, keyword, expected and actual value, capped at a maximum with a count of the rest.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/check/json_tape.hpp"
#include "core/check/schema.hpp"
#include "core/util/error.hpp"

namespace sonde::check {

/// Evaluations (one schema node applied to one value) a validation may do: this many, plus
/// k_evaluations_per_value for every value of the body. Real descriptions use a few per value, a
/// wide oneOf a few dozen; only schemas whose combinators multiply over shared $refs get near.
inline constexpr std::uint64_t k_evaluation_base = 1'000'000;
inline constexpr std::uint64_t k_evaluations_per_value = 100;

struct ValidationOptions {
  Direction direction = Direction::response;
  std::size_t max_violations = 100;  ///< violations kept; the rest are only counted
  bool formats = true;               ///< check `format`
  std::uint64_t max_evaluations = 0;  ///< 0: k_evaluation_base + k_evaluations_per_value per value
};

struct Violation {
  std::string pointer;   ///< JSON pointer into the instance ("" is the whole body)
  std::string schema;    ///< schema pointer of the failing keyword ("#/components/schemas/Pet/required")
  std::string keyword;   ///< "type", "required", ...
  std::string expected;  ///< what the schema wants, e.g. "integer"
  std::string actual;    ///< what the instance has, e.g. "\"abc\" (string)"
  /// "expected <expected>, got <actual>"
  std::string message() const;
};

struct ValidationResult {
  std::vector<Violation> violations;
  std::size_t omitted = 0;  ///< violations beyond max_violations
  std::size_t unchecked_patterns = 0;  ///< `pattern`s skipped: strings longer than k_max_pattern_input
  /// The evaluation budget ran out: the body was not fully checked (a violation says so).
  bool too_costly = false;
  bool valid() const { return violations.empty() && omitted == 0; }
};

/// Validates one parsed value.
ValidationResult validate(const Node& schema, JsonValue instance, const ValidationOptions& options = {});

/// Parses `body` (unescaped in place, so it is modified) and validates it. Arrays and envelope
/// objects whose schemas look at one member at a time are streamed (stream_validator.hpp), so
/// memory stays near the body size. Malformed JSON is an invalid_input error naming line and column.
Result<ValidationResult> validate_body(const Node& schema, std::string& body, const ValidationOptions& options = {});
/// The same over any writable buffer (a mapped file).
Result<ValidationResult> validate_body(const Node& schema, char* data, std::size_t size,
                                       const ValidationOptions& options = {});

}  // namespace sonde::check

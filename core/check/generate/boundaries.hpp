#pragma once
/// The coverage phase's values for one schema, deterministic: valid values at its edges (each
/// enum value, minimum and maximum, shortest and longest strings, each oneOf/anyOf branch, null
/// when nullable, optional properties present) and values that break exactly one of its
/// constraints (wrong type, out of range, too short or long, pattern or format mismatch, missing
/// required property, extra property when closed, too few or many items). Objects and arrays are
/// varied one property or item at a time around a baseline value.
/// Whether a value is really valid or invalid *after serialisation* is not decided here: the
/// runner asks the request validator about the whole request, and drops what is ambiguous.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/openapi/document.hpp"

namespace sonde::check::generate {

struct Variant {
  nlohmann::json value;
  std::string label;  ///< "= 101 (above maximum 100)", "/price = -1 (below minimum 0)"
};

class Boundaries {
 public:
  explicit Boundaries(const openapi::Document& doc) : doc_(doc) {}
  /// Valid edge values of `schema`, `baseline` (a valid value) varied one place at a time.
  std::vector<Variant> positive(const openapi::Node& schema, const nlohmann::json& baseline);
  /// Values that break one constraint of `schema`, `baseline` varied one place at a time.
  std::vector<Variant> negative(const openapi::Node& schema, const nlohmann::json& baseline);

 private:
  void positive_at(const openapi::Node& schema, const nlohmann::json& baseline, int depth, std::vector<Variant>& out);
  void negative_at(const openapi::Node& schema, const nlohmann::json& baseline, int depth, std::vector<Variant>& out);
  nlohmann::json minimal(const openapi::Node& schema, bool all_optional = false);
  const openapi::Document& doc_;
};

/// A value as it appears in a label: JSON, cut to 40 characters.
std::string shown(const nlohmann::json& value);

}  // namespace sonde::check::generate

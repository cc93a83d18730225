#pragma once
/// Seeded random instances of a schema, for the fuzzing phase of `sonde check --generate`: types
/// (and 3.1 type arrays, 3.0 nullable), const, enum, numeric bounds of both dialects, multipleOf,
/// string lengths, formats, patterns (through pattern_strings.hpp), array lengths and
/// uniqueItems, required and (at random) optional properties, oneOf/anyOf (a random branch).
/// allOf falls back to the deterministic InstanceGenerator. readOnly properties stay out (these are
/// requests). Every value is then checked by the request validator before it is sent, so a value
/// this generator gets wrong is dropped, never reported as the server's fault.
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/check/generate/rng.hpp"
#include "core/openapi/document.hpp"

namespace sonde::check::generate {

class RandomInstance {
 public:
  RandomInstance(const openapi::Document& doc, Rng& rng) : doc_(doc), rng_(rng) {}

  /// A random value for `schema`; nullopt when a pattern could not be inverted (see unsupported()).
  std::optional<nlohmann::json> generate(const openapi::Node& schema);

  /// Patterns met that could not be inverted: "pattern '(?=a)b': lookarounds are not inverted".
  const std::set<std::string>& unsupported() const { return unsupported_; }

 private:
  std::optional<nlohmann::json> value(const openapi::Node& schema, int depth);
  std::optional<nlohmann::json> typed(const openapi::Node& schema, const std::string& type, int depth);
  std::optional<nlohmann::json> string_value(const nlohmann::json& s);
  nlohmann::json integer_value(const nlohmann::json& s);
  nlohmann::json number_value(const nlohmann::json& s);
  std::optional<nlohmann::json> array_value(const openapi::Node& schema, int depth);
  std::optional<nlohmann::json> object_value(const openapi::Node& schema, int depth);

  const openapi::Document& doc_;
  Rng& rng_;
  std::set<std::string> unsupported_;
};

}  // namespace sonde::check::generate

#pragma once
/// The one generator of schema instances: a JSON value that a schema (OpenAPI 3.0/3.1 dialect)
/// accepts. The mock fills responses with it, `check` fills live requests. It honours type
/// (and 3.1 type arrays), const, default, examples, enum, formats, numeric bounds (3.0 and 3.1
/// exclusive styles, multipleOf), string and array lengths, prefixItems, required properties,
/// readOnly/writeOnly by direction, and allOf (merged) / oneOf / anyOf (first branch). $refs are
/// followed through the Document, across files. Recursive schemas are cut at a depth (nullable
/// ones with null), and a value is bounded in schema visits and bytes, so hostile input (wrong-
/// typed keywords, $ref cycles through allOf, trees of required children) yields a value, never a
/// throw or a hang.
/// Deterministic: the same schema always gives the same value. Patterns are inverted only through
/// GeneratorOptions::pattern_string.
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/openapi/document.hpp"

namespace sonde::openapi {

struct GeneratorOptions {
  int max_depth = 3;             ///< beyond this, only required properties, and arrays at minItems
  bool include_optional = true;  ///< fill optional properties too (false: the smallest valid value)
  bool use_examples = true;      ///< a schema's own example / examples win over generated values
  bool for_response = true;      ///< writeOnly properties stay out of responses, readOnly out of requests
  /// A string matching an ECMA-262 `pattern`, or nullopt; unset, patterns are not inverted (the
  /// regex parser lives in core/check, which this file does not depend on).
  std::function<std::optional<std::string>(const std::string& pattern)> pattern_string{};
};

class InstanceGenerator {
 public:
  InstanceGenerator(const Document& doc, GeneratorOptions options);

  /// A value valid against `schema`; an empty object for an empty, unresolvable or impossible one.
  nlohmann::json generate(const Node& schema);

 private:
  nlohmann::json value_for(const Node& schema, int depth);
  nlohmann::json typed_value(const Node& schema, int depth);
  nlohmann::json all_of(const Node& schema, int depth);
  nlohmann::json scalar_with(const nlohmann::json& schema, const nlohmann::json& constraints, const std::string& type);
  nlohmann::json object_for(const Node& schema, int depth);
  nlohmann::json array_for(const Node& schema, int depth);

  const Document& doc_;
  GeneratorOptions options_;
  int nesting_ = 0;       ///< calls in progress: bounds cycles that no $ref chain check catches
  long visits_ = 0;       ///< schemas visited for this value (bounded: see the .cpp)
  std::size_t bytes_ = 0;  ///< string bytes generated for this value (bounded)
};

/// The example of a Parameter, Media Type or Schema object: `example`, else the first of
/// `examples` (an array, or a map of Example Objects, $refs resolved, `value` read); nullopt
/// when there is none.
std::optional<nlohmann::json> example_of(const Document& doc, const Node& holder);

}  // namespace sonde::openapi

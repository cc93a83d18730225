#pragma once
/// Generates a JSON value that is valid against a schema (OpenAPI 3.0/3.1 dialect), for mock
/// responses without an example: honours type, required, enum/const, default, formats, numeric
/// and length bounds, nullable, allOf/oneOf/anyOf; recursion is cut at a depth limit by leaving
/// out optional properties and emitting empty arrays. Deterministic for a given seed.
#include <functional>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace sonde::mock {

/// Looks up a "$ref" target; returns nullptr when it cannot be resolved.
using RefResolver = std::function<const nlohmann::json*(const std::string& ref)>;

struct GeneratorOptions {
  std::uint64_t seed = 1;
  int max_depth = 3;           ///< beyond this, only required properties, and arrays stay empty
  bool include_optional = true;  ///< fill optional properties too (cut at max_depth)
  bool use_examples = true;    ///< a schema's own `example` / `examples` win over generated values
  bool for_response = true;    ///< writeOnly properties are left out of responses, readOnly of requests
};

class InstanceGenerator {
 public:
  InstanceGenerator(RefResolver resolve, GeneratorOptions options);

  /// A value valid against `schema` (an empty object for an unresolvable or impossible schema).
  nlohmann::json generate(const nlohmann::json& schema);

 private:
  nlohmann::json value_for(const nlohmann::json& schema, int depth);
  nlohmann::json object_for(const nlohmann::json& schema, int depth);
  nlohmann::json array_for(const nlohmann::json& schema, int depth);
  nlohmann::json string_for(const nlohmann::json& schema);
  nlohmann::json number_for(const nlohmann::json& schema, bool integer);
  const nlohmann::json& deref(const nlohmann::json& schema, int& hops);
  std::string primary_type(const nlohmann::json& schema) const;

  RefResolver resolve_;
  GeneratorOptions options_;
  std::mt19937_64 random_;
};

}  // namespace sonde::mock

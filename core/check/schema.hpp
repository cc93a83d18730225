#pragma once
/// The compiled form of one JSON Schema (OpenAPI Schema Object): a graph of nodes, one per schema
/// object, each holding only the keyword families it uses. Built once by compile_schema()
/// (schema_compiler.hpp), then shared read-only by every validation.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check/name_table.hpp"
#include "core/check/regex_search.hpp"

namespace sonde::check {

/// Which JSON Schema flavour the description speaks, from its `openapi`/`swagger` field.
enum class Dialect {
  oas30,  ///< OpenAPI 3.0 (and Swagger 2.0): nullable, boolean exclusiveMinimum, $ref siblings ignored
  oas31,  ///< OpenAPI 3.1: JSON Schema 2020-12
};

/// Dialect from the version string ("3.0.3", "3.1.0", "2.0"); unknown versions read as 3.0.
Dialect dialect_from_version(std::string_view version);

/// Which way the body travels: readOnly properties are not required in requests, writeOnly
/// properties not required in responses.
enum class Direction { request, response };

/// A numeric bound from the schema, kept exact for integers.
struct Bound {
  bool integer = false;
  std::int64_t i = 0;
  double d = 0;
};

/// Bit per JSON type accepted by `type` (integer is a subset of number).
enum TypeBits : std::uint8_t {
  k_null = 1, k_boolean = 2, k_integer = 4, k_number = 8, k_string = 16, k_array = 32, k_object = 64,
  k_any = 127,
};

struct Node;
using FormatCheck = bool (*)(std::string_view);

struct NumericKeywords {
  std::optional<Bound> minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of;
  std::string format;  ///< int32 / int64 range checks
};

struct StringKeywords {
  std::optional<std::uint64_t> min_length, max_length;
  std::optional<EcmaPattern> pattern;
  FormatCheck format = nullptr;  ///< null: no format, or an unknown one
  std::string format_name;
};

struct ArrayKeywords {
  const Node* items = nullptr;  ///< applies after prefix_items
  bool items_false = false;
  std::vector<const Node*> prefix_items;
  const Node* contains = nullptr;
  std::optional<std::uint64_t> min_items, max_items, min_contains, max_contains;
  bool unique_items = false;
  const Node* unevaluated = nullptr;  ///< unevaluatedItems (2020-12)
  bool unevaluated_false = false;
};

struct ObjectKeywords {
  struct Property {
    std::string name;
    const Node* schema;
    bool required = false;
  };
  std::vector<Property> properties;
  NameTable index;  ///< name -> properties[i]
  std::vector<std::string> required_missing_from_properties;   ///< required names without a schema
  std::size_t required_count = 0;
  std::vector<std::pair<EcmaPattern, const Node*>> pattern_properties;
  const Node* additional = nullptr;  ///< schema for the rest; null with additional_false = forbidden
  bool additional_false = false;
  bool additional_true = false;  ///< `additionalProperties: true`: no check, but the rest counts as evaluated
  const Node* unevaluated = nullptr;
  bool unevaluated_false = false;
  const Node* property_names = nullptr;
  std::optional<std::uint64_t> min_properties, max_properties;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependent_required;
};

struct CombinatorKeywords {
  std::vector<const Node*> all_of, any_of, one_of;
  const Node* not_ = nullptr;
  const Node* if_ = nullptr;
  const Node* then_ = nullptr;
  const Node* else_ = nullptr;
  std::vector<std::pair<std::string, const Node*>> dependent_schemas;  ///< applies when the property is present
};

/// OpenAPI's discriminator: the named property selects the branch of oneOf/anyOf to check.
struct DiscriminatorKeywords {
  std::string property;
  std::vector<std::pair<std::string, const Node*>> mapping;  ///< explicit, then implicit (schema names)
};

/// The `$dynamicAnchor`s of one schema resource (2020-12), for `$dynamicRef`.
struct DynamicScope {
  std::vector<std::pair<std::string, const Node*>> anchors;
  const Node* find(std::string_view name) const {
    for (const auto& [n, node] : anchors) {
      if (n == name) return node;
    }
    return nullptr;
  }
};

struct Node {
  std::string pointer;        ///< schema location, "#/components/schemas/Pet"
  bool always_false = false;  ///< the boolean schema `false`
  bool nullable = false;      ///< 3.0: null is valid whatever else the schema says
  bool read_only = false, write_only = false;
  std::uint8_t types = k_any;
  bool has_type = false;
  const Node* ref = nullptr;
  /// `$dynamicRef`: the statically resolved target; when `dynamic_name` is set (the target declares
  /// that `$dynamicAnchor`), the outermost resource of the dynamic scope declaring it wins.
  const Node* dynamic_ref = nullptr;
  std::string dynamic_name;
  const DynamicScope* scope = nullptr;  ///< its resource's dynamic anchors; null when it has none
  bool tracks_evaluated = false;  ///< unevaluatedProperties somewhere at this instance location
  std::unique_ptr<NumericKeywords> numeric;
  std::unique_ptr<StringKeywords> string;
  std::unique_ptr<ArrayKeywords> array;
  std::unique_ptr<ObjectKeywords> object;
  std::unique_ptr<CombinatorKeywords> combinators;
  std::unique_ptr<DiscriminatorKeywords> discriminator;
  std::optional<nlohmann::json> const_value;
  std::optional<std::vector<nlohmann::json>> enum_values;
};

/// Owns every node of one compiled schema graph ($ref cycles included).
struct CompiledSchema {
  std::vector<std::unique_ptr<Node>> nodes;
  const Node* root = nullptr;
  Dialect dialect = Dialect::oas31;
  std::vector<std::string> unknown_formats;  ///< formats that pass unchecked (noted with -v)
};

}  // namespace sonde::check

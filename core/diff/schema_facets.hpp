#pragma once
/// The meaning of one schema, flattened for comparison: allOf members merged in, a lone
/// oneOf/anyOf alternative read as the schema itself, `nullable` and `type: [.., "null"]` alike.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/openapi/document.hpp"

namespace sonde::diff {

struct Facets {
  openapi::Node self;            ///< the resolved schema
  std::set<std::string> types;   ///< declared types without "null"
  std::string format;
  bool nullable = false;
  const openapi::DocValue* enum_values = nullptr;
  std::map<std::string, openapi::Node> properties;
  std::set<std::string> required;
  openapi::Node items;
  openapi::Node additional;  ///< additionalProperties when it is a schema
  bool closed = false;       ///< additionalProperties: false
  std::vector<openapi::Node> alternatives;  ///< oneOf and anyOf members (unresolved)
  std::map<std::string, nlohmann::json> constraints;  ///< maxLength, minimum, pattern, ...
  bool read_only = false;
  bool write_only = false;
  bool deprecated = false;
  bool extensible_enum = false;  ///< enum_values come from x-extensible-enum: clients accept unknown values
  const openapi::DocValue* default_value = nullptr;  ///< `default`, when given
};

/// Flattens the resolved schema `node`. Unresolvable members are skipped (they were reported at load).
Facets facets_of(const openapi::Document& doc, const openapi::Node& node);

/// A short name for an alternative: the component it references, else its type ("string", "object").
std::string alternative_name(const openapi::Document& doc, const openapi::Node& node);

/// The kind of an alternative: its types ("string", "integer|string"), "object" for a schema with
/// properties only, "any" when unconstrained.
std::string alternative_kind(const openapi::Document& doc, const openapi::Node& node);

}  // namespace sonde::diff

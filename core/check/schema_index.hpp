#pragma once
/// JSON Schema 2020-12 identifiers across one or more schema documents: schema resources named by
/// `$id`, plain-name fragments named by `$anchor` and `$dynamicAnchor`, and `$ref` resolution
/// against the base URI of the schema that holds it (RFC 3986). Only documents added here are
/// reachable: a reference to any other URI fails ("remote $ref not fetched"), nothing is fetched.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check/schema_compiler.hpp"
#include "core/util/error.hpp"

namespace sonde::check {

/// `ref` resolved against `base` (RFC 3986 section 5.2, dot segments removed).
std::string resolve_uri(std::string_view base, std::string_view ref);

class SchemaIndex {
 public:
  /// Indexes `doc`, retrievable at `uri` ("" for the main document, whose schema pointers read
  /// "#/..."; others read "<uri>#/..."). `doc` must outlive the index and every resolver made by it.
  void add(const nlohmann::json& doc, const std::string& uri);
  /// Resolves `ref` written in the schema at schema pointer `from` (a pointer this index made).
  Result<RefTarget> resolve(std::string_view ref, std::string_view from) const;
  /// A RefResolver over this index; the index must outlive it.
  RefResolver resolver() const;
  /// URI of the schema resource holding `schema` ("" when unknown or unnamed).
  std::string resource_of(const nlohmann::json* schema) const;
  /// False when the `$schema` of the resource holding `schema` is an indexed metaschema whose
  /// `$vocabulary` leaves out the validation vocabulary (type, enum, bounds, required...).
  bool validation_vocabulary(const nlohmann::json* schema) const;
  /// `$dynamicAnchor`s declared in the resource `uri`: name and target.
  std::vector<std::pair<std::string, RefTarget>> dynamic_anchors(const std::string& uri) const;

 private:
  struct Location {
    const nlohmann::json* node;
    std::string pointer;  ///< schema pointer, "#/..." or "<uri>#/..."
  };
  const Location* root_of(std::string_view uri) const;
  void scan(const nlohmann::json& schema, std::string base, const std::string& pointer);
  void scan_children(const nlohmann::json& schema, const std::string& base, const std::string& pointer);

  std::map<std::string, Location, std::less<>> documents_;  ///< retrieval URI -> root
  std::map<std::string, Location, std::less<>> resources_;  ///< absolute URI ($id) -> resource root
  std::map<std::string, Location, std::less<>> anchors_;    ///< "uri#name" -> schema
  std::map<std::string, std::vector<std::pair<std::string, Location>>, std::less<>> dynamic_;  ///< uri -> anchors
  std::map<const nlohmann::json*, std::string> base_of_;    ///< schema -> base URI of its resource
};

}  // namespace sonde::check

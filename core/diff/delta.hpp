#pragma once
/// Stage one of a diff: neutral facts about what differs between two descriptions ("a property was
/// removed from a response schema"), before any rule decides what the fact means for clients.
#include <set>
#include <string>
#include <vector>

namespace sonde::diff {

/// What changed.
enum class Fact {
  operation_added, operation_removed, operation_deprecated, operation_id_changed, operation_docs_changed,
  parameter_added, parameter_removed, parameter_became_required, parameter_became_optional, parameter_moved,
  parameter_style_changed,
  body_added, body_removed, body_became_required, body_became_optional,
  media_type_added, media_type_removed,
  response_added, response_removed, header_added, header_removed,
  security_added, security_removed, security_changed, scope_added, scope_removed,
  type_changed, enum_value_added, enum_value_removed, constraint_tightened, constraint_loosened,
  property_added, property_removed, property_became_required, property_became_optional,
  became_nullable, became_not_nullable, additional_properties_closed, additional_properties_opened,
  alternative_added, alternative_removed,
  became_deprecated, default_changed,
  scheme_changed, flow_added, flow_removed, scheme_url_changed,
  // Lifecycle: deprecation windows and sunsets (lifecycle.hpp), the version of a breaking change.
  operation_removed_before_sunset, sunset_moved_earlier, sunset_missing, sunset_too_soon, version_not_bumped,
  parameter_removed_before_sunset,
  stability_decreased,
  // A property that became readOnly in a request or writeOnly in a response (hidden from that
  // direction), or the reverse; the qualifier says whether the property is required.
  property_became_hidden, property_became_visible,
  // A polymorphic schema's discriminator: its property renamed, a mapping value added, removed or
  // pointed at another schema.
  discriminator_changed, discriminator_mapping_added, discriminator_mapping_removed, discriminator_mapping_changed,
};

/// Where in an operation the fact sits; with the fact it selects the rule.
enum class Area { operation, parameter, request_body, response, response_header, security };

struct Delta {
  Fact fact{};
  Area area{};
  /// Fact-specific qualifier: the thing added/removed is required; the removed status is a success
  /// (2xx); the removed operation was deprecated and past its x-sunset date.
  bool qualifier = false;
  std::string subject;  ///< what, for people: "query parameter 'limit'", "property 'Order.total'"
  std::string detail;   ///< what exactly: "maxLength", "\"cancelled\"", an alternative's name
  std::string before;   ///< old value as text, when there is one
  std::string after;    ///< new value as text
  std::string location;   ///< JSON pointer in the revision (nearest existing place for removals)
  int location_file = 0;  ///< revision file the pointer is in
  std::string component;  ///< "#/components/schemas/Order" when the fact sits in a shared component
  std::set<std::string> operations;  ///< affected operations ("GET /orders"), filled in by the differ
};

}  // namespace sonde::diff

// Rules about request bodies: presence, media types, and the schema clients must send.
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace request_body_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction req = Direction::request;
constexpr Area a = Area::request_body;
constexpr Rule k_rules[] = {
    {"request-body-added-required", error, req, "A required request body was added", Fact::body_added, a, When::yes,
     "required request body added"},
    {"request-body-added-optional", info, req, "An optional request body was added", Fact::body_added, a, When::no,
     "optional request body added"},
    {"request-body-removed", warning, req, "The request body was removed", Fact::body_removed, a, When::any,
     "request body removed"},
    {"request-body-became-required", error, req, "The request body became required", Fact::body_became_required, a,
     When::any, "request body became required"},
    {"request-body-became-optional", info, req, "The request body became optional", Fact::body_became_optional, a,
     When::any, "request body became optional"},
    {"request-body-media-type-removed", error, req, "A request media type is no longer accepted",
     Fact::media_type_removed, a, When::any, "removed"},
    {"request-body-media-type-added", info, req, "A request media type was added", Fact::media_type_added, a,
     When::any, "added"},
    {"request-property-added-required", error, req, "A required property was added to a request schema",
     Fact::property_added, a, When::yes, "added as required"},
    {"request-property-added-optional", info, req, "An optional property was added to a request schema",
     Fact::property_added, a, When::no, "added"},
    {"request-property-removed", warning, req, "A property was removed from a request schema",
     Fact::property_removed, a, When::any, "removed"},
    {"request-property-became-required", error, req, "A request property became required",
     Fact::property_became_required, a, When::any, "became required"},
    {"request-property-became-optional", info, req, "A request property became optional",
     Fact::property_became_optional, a, When::any, "became optional"},
    {"request-property-type-changed", error, req, "A request property's type or format changed", Fact::type_changed,
     a, When::any, "type changed"},
    {"request-property-enum-value-removed", error, req, "A request property lost an allowed enum value",
     Fact::enum_value_removed, a, When::any, "lost enum value"},
    {"request-property-enum-value-added", info, req, "A request property gained an allowed enum value",
     Fact::enum_value_added, a, When::any, "gained enum value"},
    {"request-property-constraint-tightened", error, req,
     "A request property's min/max, length, pattern or enum constraint tightened", Fact::constraint_tightened, a,
     When::any, "constraint tightened:"},
    {"request-property-constraint-loosened", info, req, "A request property's constraint loosened",
     Fact::constraint_loosened, a, When::any, "constraint loosened:"},
    {"request-property-additional-properties-closed", error, req,
     "A request schema no longer accepts additional properties", Fact::additional_properties_closed, a, When::any,
     "no longer accepts additional properties"},
    {"request-property-additional-properties-opened", info, req, "A request schema now accepts additional properties",
     Fact::additional_properties_opened, a, When::any, "now accepts additional properties"},
    {"request-property-alternative-removed", error, req, "A oneOf/anyOf alternative was removed from a request schema",
     Fact::alternative_removed, a, When::any, "lost a oneOf/anyOf alternative:"},
    {"request-property-alternative-added", info, req, "A oneOf/anyOf alternative was added to a request schema",
     Fact::alternative_added, a, When::any, "gained a oneOf/anyOf alternative:"},
    {"request-property-became-not-nullable", error, req, "A request property no longer accepts null",
     Fact::became_not_nullable, a, When::any, "no longer accepts null"},
    {"request-property-became-nullable", info, req, "A request property now accepts null", Fact::became_nullable, a,
     When::any, "now accepts null"},
};
}  // namespace request_body_table

std::span<const Rule> request_body() { return request_body_table::k_rules; }

}  // namespace sonde::diff::rules

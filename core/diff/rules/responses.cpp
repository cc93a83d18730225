// Rules about responses: status codes, media types, headers and the schema clients read.
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace responses_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction res = Direction::response;
constexpr Area a = Area::response;
constexpr Area h = Area::response_header;
constexpr Rule k_rules[] = {
    {"response-success-status-removed", error, res, "A success (2xx) response status was removed",
     Fact::response_removed, a, When::yes, "removed"},
    {"response-non-success-status-removed", warning, res, "A non-success response status was removed",
     Fact::response_removed, a, When::no, "removed"},
    {"response-status-added", info, res, "A response status was added", Fact::response_added, a, When::any, "added"},
    {"response-media-type-removed", error, res, "A response media type was removed", Fact::media_type_removed, a,
     When::any, "removed"},
    {"response-media-type-added", info, res, "A response media type was added", Fact::media_type_added, a, When::any,
     "added"},
    {"response-required-property-removed", error, res, "A required property was removed from a response",
     Fact::property_removed, a, When::yes, "removed"},
    {"response-optional-property-removed", warning, res, "An optional property was removed from a response",
     Fact::property_removed, a, When::no, "removed"},
    {"response-property-added", info, res, "A property was added to a response", Fact::property_added, a, When::any,
     "added"},
    {"response-property-became-optional", error, res, "A required response property became optional",
     Fact::property_became_optional, a, When::any, "is no longer required"},
    {"response-property-became-required", info, res, "An optional response property became required",
     Fact::property_became_required, a, When::any, "became required"},
    {"response-property-type-changed", error, res, "A response property's type or format changed (array items too)",
     Fact::type_changed, a, When::any, "type changed"},
    {"response-property-became-nullable", error, res, "A response property may now be null", Fact::became_nullable,
     a, When::any, "may now be null"},
    {"response-property-became-not-nullable", info, res, "A response property is no longer null",
     Fact::became_not_nullable, a, When::any, "is no longer nullable"},
    {"response-property-enum-value-added", warning, res,
     "A response property gained an enum value (clients with exhaustive switches break)", Fact::enum_value_added, a,
     When::no, "gained enum value"},
    {"response-property-extensible-enum-value-added", info, res,
     "A response property gained an x-extensible-enum value (clients already accept unknown ones)",
     Fact::enum_value_added, a, When::yes, "gained extensible enum value"},
    {"response-property-enum-value-removed", info, res, "A response property lost an enum value",
     Fact::enum_value_removed, a, When::any, "lost enum value"},
    {"response-property-alternative-added", warning, res, "A oneOf/anyOf alternative was added to a response",
     Fact::alternative_added, a, When::any, "gained a oneOf/anyOf alternative:"},
    {"response-property-alternative-removed", info, res, "A oneOf/anyOf alternative was removed from a response",
     Fact::alternative_removed, a, When::any, "lost a oneOf/anyOf alternative:"},
    {"response-property-constraint-tightened", info, res, "A response property's constraint tightened",
     Fact::constraint_tightened, a, When::any, "constraint tightened:"},
    {"response-property-constraint-loosened", info, res, "A response property's constraint loosened",
     Fact::constraint_loosened, a, When::any, "constraint loosened:"},
    {"response-additional-properties-closed", info, res, "A response schema no longer has additional properties",
     Fact::additional_properties_closed, a, When::any, "no longer has additional properties"},
    {"response-additional-properties-opened", info, res, "A response schema may now have additional properties",
     Fact::additional_properties_opened, a, When::any, "may now have additional properties"},
    {"response-required-header-removed", error, res, "A required response header was removed", Fact::header_removed,
     h, When::yes, "removed"},
    {"response-optional-header-removed", warning, res, "An optional response header was removed",
     Fact::header_removed, h, When::no, "removed"},
    {"response-header-added", info, res, "A response header was added", Fact::header_added, h, When::any, "added"},
};
}  // namespace responses_table

std::span<const Rule> responses() { return responses_table::k_rules; }

}  // namespace sonde::diff::rules

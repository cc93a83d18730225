// Rules about annotations clients rely on without a type change: deprecation (a warning to plan
// a migration) and default values (what the server assumes when a client sends nothing).
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace annotations_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction req = Direction::request;
constexpr Direction res = Direction::response;
constexpr Rule k_rules[] = {
    {"request-parameter-deprecated", info, req, "A parameter was marked deprecated", Fact::became_deprecated,
     Area::parameter, When::any, "became deprecated"},
    {"request-property-deprecated", info, req, "A request property was marked deprecated", Fact::became_deprecated,
     Area::request_body, When::any, "became deprecated"},
    {"response-property-deprecated", info, res, "A response property was marked deprecated", Fact::became_deprecated,
     Area::response, When::any, "became deprecated"},
    {"request-parameter-default-value-changed", warning, req,
     "A parameter's default changed: clients that omit it get another behaviour", Fact::default_changed,
     Area::parameter, When::any, "default value changed"},
    {"request-property-default-value-changed", warning, req,
     "A request property's default changed: clients that omit it get another behaviour", Fact::default_changed,
     Area::request_body, When::any, "default value changed"},
    {"response-property-default-value-changed", info, res, "A response property's documented default changed",
     Fact::default_changed, Area::response, When::any, "default value changed"},
};
}  // namespace annotations_table

std::span<const Rule> annotations() { return annotations_table::k_rules; }

}  // namespace sonde::diff::rules

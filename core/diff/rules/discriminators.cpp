// Rules about discriminators: readers of a polymorphic payload choose the schema by the
// discriminator's property and mapping. In requests the server is the reader (values clients send
// must keep working); in responses the clients are (values they meet must be ones they know).
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace discriminators_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction req = Direction::request;
constexpr Direction res = Direction::response;
constexpr Rule k_rules[] = {
    {"request-discriminator-property-changed", error, req,
     "A request schema's discriminator reads another property: what clients send is no longer told apart",
     Fact::discriminator_changed, Area::request_body, When::any, "discriminator property changed"},
    {"response-discriminator-property-changed", error, res,
     "A response schema's discriminator names another property: clients pick schemas by the old one",
     Fact::discriminator_changed, Area::response, When::any, "discriminator property changed"},
    {"request-discriminator-mapping-removed", error, req,
     "A request discriminator value lost its mapping: clients sending it are no longer understood",
     Fact::discriminator_mapping_removed, Area::request_body, When::any, "discriminator mapping removed"},
    {"response-discriminator-mapping-removed", info, res, "A response discriminator value is no longer mapped",
     Fact::discriminator_mapping_removed, Area::response, When::any, "discriminator mapping removed"},
    {"request-discriminator-mapping-added", info, req, "A request discriminator gained a mapped value",
     Fact::discriminator_mapping_added, Area::request_body, When::any, "discriminator mapping added"},
    {"response-discriminator-mapping-added", warning, res,
     "A response discriminator gained a value clients may not map yet", Fact::discriminator_mapping_added,
     Area::response, When::any, "discriminator mapping added"},
    {"request-discriminator-mapping-changed", warning, req,
     "A request discriminator value now maps to another schema", Fact::discriminator_mapping_changed,
     Area::request_body, When::any, "discriminator mapping changed"},
    {"response-discriminator-mapping-changed", warning, res,
     "A response discriminator value now maps to another schema", Fact::discriminator_mapping_changed,
     Area::response, When::any, "discriminator mapping changed"},
};
}  // namespace discriminators_table

std::span<const Rule> discriminators() { return discriminators_table::k_rules; }

}  // namespace sonde::diff::rules

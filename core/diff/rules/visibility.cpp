// Rules about readOnly and writeOnly: a readOnly property is not sent in requests and a writeOnly
// one is not returned in responses, so flipping either flag removes (or brings back) a property in
// one direction without touching the schema's shape.
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace visibility_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction req = Direction::request;
constexpr Direction res = Direction::response;
constexpr Rule k_rules[] = {
    {"request-property-became-read-only", warning, req,
     "A request property became readOnly: what clients send is ignored or refused", Fact::property_became_hidden,
     Area::request_body, When::any, "became read-only"},
    {"request-property-became-not-read-only", info, req, "An optional request property is no longer readOnly",
     Fact::property_became_visible, Area::request_body, When::no, "is no longer read-only"},
    {"request-required-property-became-not-read-only", error, req,
     "A required property is no longer readOnly: clients must now send it", Fact::property_became_visible,
     Area::request_body, When::yes, "is no longer read-only and is required: clients must send it"},
    {"response-required-property-became-write-only", error, res,
     "A required response property became writeOnly: responses stop carrying it", Fact::property_became_hidden,
     Area::response, When::yes, "became write-only: responses stop carrying it"},
    {"response-optional-property-became-write-only", warning, res,
     "An optional response property became writeOnly", Fact::property_became_hidden, Area::response, When::no,
     "became write-only: responses stop carrying it"},
    {"response-property-became-not-write-only", info, res, "A response property is no longer writeOnly",
     Fact::property_became_visible, Area::response, When::any, "is no longer write-only"},
};
}  // namespace visibility_table

std::span<const Rule> visibility() { return visibility_table::k_rules; }

}  // namespace sonde::diff::rules

// Rules about request parameters (path, query, header, cookie) and their schemas.
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace parameters_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction req = Direction::request;
constexpr Area a = Area::parameter;
constexpr Rule k_rules[] = {
    {"request-parameter-added-required", error, req, "A required parameter was added", Fact::parameter_added, a,
     When::yes, "added as required"},
    {"request-parameter-added-optional", info, req, "An optional parameter was added", Fact::parameter_added, a,
     When::no, "added"},
    {"request-parameter-removed", warning, req, "A parameter was removed (clients still sending it may be refused)",
     Fact::parameter_removed, a, When::no, "removed"},
    {"request-parameter-removed-after-deprecation", info, req,
     "A deprecated parameter was removed (after its x-sunset date, or with none)", Fact::parameter_removed, a,
     When::yes, "removed after its deprecation"},
    {"request-parameter-became-required", error, req, "An optional parameter became required",
     Fact::parameter_became_required, a, When::any, "became required"},
    {"request-parameter-became-optional", info, req, "A required parameter became optional",
     Fact::parameter_became_optional, a, When::any, "became optional"},
    {"request-parameter-moved", error, req, "A parameter moved to another location (query, header, path, cookie)",
     Fact::parameter_moved, a, When::any, "moved"},
    {"request-parameter-style-changed", warning, req, "A parameter's serialization (style or explode) changed",
     Fact::parameter_style_changed, a, When::any, "serialization changed"},
    {"request-parameter-type-changed", error, req, "A parameter's type or format changed", Fact::type_changed, a,
     When::any, "type changed"},
    {"request-parameter-enum-value-removed", error, req, "A parameter lost an allowed enum value",
     Fact::enum_value_removed, a, When::any, "lost enum value"},
    {"request-parameter-enum-value-added", info, req, "A parameter gained an allowed enum value",
     Fact::enum_value_added, a, When::any, "gained enum value"},
    {"request-parameter-constraint-tightened", error, req,
     "A parameter's min/max, length, pattern or enum constraint tightened", Fact::constraint_tightened, a, When::any,
     "constraint tightened:"},
    {"request-parameter-constraint-loosened", info, req, "A parameter's constraint loosened",
     Fact::constraint_loosened, a, When::any, "constraint loosened:"},
};
}  // namespace parameters_table

std::span<const Rule> parameters() { return parameters_table::k_rules; }

}  // namespace sonde::diff::rules

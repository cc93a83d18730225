// Rules about security requirements (global ones apply to operations that do not override them).
#include "core/diff/rules/rule.hpp"

namespace sonde::diff::rules {

namespace security_table {  // named: the rule files share a unity batch
using enum Level;
constexpr Direction req = Direction::request;
constexpr Area a = Area::security;
constexpr Rule k_rules[] = {
    {"security-requirement-added", error, req, "An operation that needed no credentials now requires them",
     Fact::security_added, a, When::any, "now requires credentials:"},
    {"security-requirement-removed", info, req, "An operation no longer requires credentials",
     Fact::security_removed, a, When::any, "no longer requires credentials"},
    {"security-requirement-changed", warning, req, "The security schemes an operation accepts changed",
     Fact::security_changed, a, When::any, "accepted security schemes changed"},
    {"security-scope-added", error, req, "A security requirement needs an additional OAuth scope", Fact::scope_added,
     a, When::any, "needs additional scope"},
    {"security-scope-removed", info, req, "A security requirement needs one scope fewer", Fact::scope_removed, a,
     When::any, "no longer needs scope"},
    {"security-scheme-changed", error, req,
     "A security scheme changed its type, apiKey location or name, or HTTP scheme: credentials go elsewhere",
     Fact::scheme_changed, a, When::any, "changed:"},
    {"security-scheme-flow-removed", error, req, "An OAuth flow clients may use was removed from a security scheme",
     Fact::flow_removed, a, When::any, "lost OAuth flow"},
    {"security-scheme-flow-added", info, req, "A security scheme offers another OAuth flow", Fact::flow_added, a,
     When::any, "gained OAuth flow"},
    {"security-scheme-url-changed", warning, req,
     "A security scheme's authorization, token, refresh or OpenID Connect URL changed", Fact::scheme_url_changed, a,
     When::any, "URL changed:"},
};
}  // namespace security_table

std::span<const Rule> security() { return security_table::k_rules; }

}  // namespace sonde::diff::rules
